package io.veritas.chain.p2p.gossip;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.io.IOException;

/**
 * A pubsub {@code Message}: {@code from = 1, data = 2, seqno = 3, topic = 4, signature = 5, key = 6}. Absent
 * optional fields are null. The encoding is computed once (or kept as received) and reused for every peer the message
 * is sent to; the message id, once the router has computed it, is kept too.
 */
public final class PubMessage {
  private final byte[] from;
  /** The data, or null for a decoded message, whose data stays inside {@link #encoded} (one copy kept, not two). */
  private final byte[] data;
  private final int dataOffset;
  private final int dataLength;
  private final byte[] seqno;
  private final String topic;
  private final byte[] signature;
  private final byte[] key;
  private byte[] encoded;
  /** Set by the router before the message is handed to another thread (safe publication through the hand-off). */
  private MessageId id;

  public PubMessage(byte[] from, byte[] data, byte[] seqno, String topic, byte[] signature, byte[] key) {
    if (data == null || topic == null) {
      throw new IllegalArgumentException("a pubsub message needs data and a topic");
    }
    this.from = from;
    this.data = data;
    this.dataOffset = 0;
    this.dataLength = data.length;
    this.seqno = seqno;
    this.topic = topic;
    this.signature = signature;
    this.key = key;
  }

  public byte[] from() {
    return from;
  }

  private PubMessage(byte[] from, byte[] encoded, int dataOffset, int dataLength, byte[] seqno, String topic,
      byte[] signature, byte[] key) {
    if (topic == null) {
      throw new IllegalArgumentException("a pubsub message needs a topic");
    }
    this.from = from;
    this.data = null;
    this.dataOffset = dataOffset;
    this.dataLength = dataLength;
    this.seqno = seqno;
    this.topic = topic;
    this.signature = signature;
    this.key = key;
    this.encoded = encoded;
  }

  /** The data; for a received message, a fresh copy per call (the message cache keeps only the encoding). */
  public byte[] data() {
    if (data == null) {
      return java.util.Arrays.copyOfRange(encoded, dataOffset, dataOffset + dataLength);
    }
    return data;
  }

  int dataLength() {
    return dataLength;
  }

  public byte[] seqno() {
    return seqno;
  }

  public String topic() {
    return topic;
  }

  public byte[] signature() {
    return signature;
  }

  public byte[] key() {
    return key;
  }

  /** The bytes a StrictSign author signs (after the "libp2p-pubsub:" prefix): this message without signature/key. */
  byte[] signedContent() {
    return encode(false);
  }

  MessageId cachedId() {
    return id;
  }

  void cacheId(MessageId id) {
    this.id = id;
  }

  byte[] encoded() {
    if (encoded == null) {
      encoded = encode(true);
    }
    return encoded;
  }

  private byte[] encode(boolean withSignature) {
    try {
      byte[] data = data();
      int size = CodedOutputStream.computeByteArraySize(2, data) + CodedOutputStream.computeStringSize(4, topic);
      if (from != null) {
        size += CodedOutputStream.computeByteArraySize(1, from);
      }
      if (seqno != null) {
        size += CodedOutputStream.computeByteArraySize(3, seqno);
      }
      if (withSignature && signature != null) {
        size += CodedOutputStream.computeByteArraySize(5, signature);
      }
      if (withSignature && key != null) {
        size += CodedOutputStream.computeByteArraySize(6, key);
      }
      byte[] out = new byte[size];
      CodedOutputStream cos = CodedOutputStream.newInstance(out);
      if (from != null) {
        cos.writeByteArray(1, from);
      }
      cos.writeByteArray(2, data);
      if (seqno != null) {
        cos.writeByteArray(3, seqno);
      }
      cos.writeString(4, topic);
      if (withSignature && signature != null) {
        cos.writeByteArray(5, signature);
      }
      if (withSignature && key != null) {
        cos.writeByteArray(6, key);
      }
      cos.checkNoSpaceLeft();
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("protobuf encoding into a sized array failed", e);
    }
  }

  static PubMessage decode(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    byte[] from = null;
    int dataOffset = 0;
    int dataLength = 0;
    byte[] seqno = null;
    String topic = null;
    byte[] signature = null;
    byte[] key = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case 10 -> from = in.readByteArray();
        case 18 -> {
          dataLength = in.readRawVarint32();
          if (dataLength < 0) {
            throw new WireFormatException("pubsub message data with a negative length");
          }
          dataOffset = in.getTotalBytesRead();
          in.skipRawBytes(dataLength); // throws if the data runs past the end
        }
        case 26 -> seqno = in.readByteArray();
        case 34 -> topic = in.readStringRequireUtf8();
        case 42 -> signature = in.readByteArray();
        case 50 -> key = in.readByteArray();
        default -> in.skipField(tag);
      }
    }
    if (topic == null) {
      throw new WireFormatException("pubsub message without a topic");
    }
    // Forward the bytes as received: no re-encoding per message, and the signed fields stay exactly as signed.
    return new PubMessage(from, bytes, dataOffset, dataLength, seqno, topic, signature, key);
  }
}
