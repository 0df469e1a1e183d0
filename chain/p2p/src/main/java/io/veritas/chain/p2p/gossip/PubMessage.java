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
  private final byte[] data;
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
    this.seqno = seqno;
    this.topic = topic;
    this.signature = signature;
    this.key = key;
  }

  public byte[] from() {
    return from;
  }

  public byte[] data() {
    return data;
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
    byte[] data = null;
    byte[] seqno = null;
    String topic = null;
    byte[] signature = null;
    byte[] key = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case 10 -> from = in.readByteArray();
        case 18 -> data = in.readByteArray();
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
    PubMessage m = new PubMessage(from, data == null ? new byte[0] : data, seqno, topic, signature, key);
    // Forward the bytes as received: no re-encoding per message, and the signed fields stay exactly as signed.
    m.encoded = bytes;
    return m;
  }
}
