package io.veritas.chain.p2p.wire;

import io.netty.buffer.ByteBuf;

/**
 * Splits unsigned-varint length-prefixed messages out of a cumulation buffer, refusing any message longer than
 * the configured limit before its body has been buffered (so a peer cannot make us hold more than the limit).
 */
public final class LengthPrefixedDecoder {
  private final int maxMessageSize;

  public LengthPrefixedDecoder(int maxMessageSize) {
    if (maxMessageSize <= 0) {
      throw new IllegalArgumentException("maxMessageSize must be positive, got " + maxMessageSize);
    }
    this.maxMessageSize = maxMessageSize;
  }

  public int maxMessageSize() {
    return maxMessageSize;
  }

  /**
   * Returns the next complete message as a retained slice (the caller releases it), or null when more bytes are
   * needed; the reader index only advances past complete messages.
   */
  public ByteBuf next(ByteBuf in) {
    int start = in.readerIndex();
    long length = Varint.read(in);
    if (length < 0) {
      return null;
    }
    if (length > maxMessageSize) {
      throw new WireFormatException("message of " + length + " bytes exceeds the limit of " + maxMessageSize);
    }
    if (in.readableBytes() < length) {
      in.readerIndex(start);
      return null;
    }
    return in.readRetainedSlice((int) length);
  }

  public static ByteBuf encode(ByteBuf out, byte[] message) {
    Varint.write(message.length, out);
    out.writeBytes(message);
    return out;
  }
}
