package io.veritas.chain.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.veritas.chain.p2p.wire.Varint;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * multistream-select 1.0 message framing: unsigned-varint length, UTF-8 text, trailing newline (the length
 * counts the newline).
 */
public final class MultistreamCodec {
  /** go-libp2p and js-libp2p refuse negotiation messages above 1 KiB; so do we. */
  public static final int MAX_MESSAGE_LENGTH = 1024;

  private MultistreamCodec() {}

  public static void encode(String message, ByteBuf out) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    if (text.length + 1 > MAX_MESSAGE_LENGTH) {
      throw new IllegalArgumentException("multistream message of " + (text.length + 1) + " bytes exceeds "
          + MAX_MESSAGE_LENGTH);
    }
    Varint.write(text.length + 1L, out);
    out.writeBytes(text);
    out.writeByte('\n');
  }

  /** Reads one message (without its newline), or returns null if it is not complete yet. */
  public static String decode(ByteBuf in) {
    int start = in.readerIndex();
    long length = Varint.read(in);
    if (length < 0) {
      return null;
    }
    if (length == 0 || length > MAX_MESSAGE_LENGTH) {
      throw new WireFormatException("multistream message length " + length + " outside 1.." + MAX_MESSAGE_LENGTH);
    }
    if (in.readableBytes() < length) {
      in.readerIndex(start);
      return null;
    }
    ByteBuffer body = in.nioBuffer(in.readerIndex(), (int) length - 1);
    byte last = in.getByte(in.readerIndex() + (int) length - 1);
    in.skipBytes((int) length);
    if (last != '\n') {
      throw new WireFormatException("multistream message does not end with a newline");
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(body)
          .toString();
    } catch (CharacterCodingException e) {
      throw new WireFormatException("multistream message is not valid UTF-8", e);
    }
  }
}
