package io.veritas.chain.p2p.gossip;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A gossipsub message id: opaque bytes compared by value. Immutable; the hash is computed once because ids are
 * looked up in several maps per received copy (seen cache, message cache, promises, IDONTWANT bookkeeping).
 */
public final class MessageId {
  private final byte[] bytes;
  private final int hash;

  public MessageId(byte[] bytes) {
    this(bytes.clone(), true);
  }

  private MessageId(byte[] owned, boolean unused) {
    this.bytes = owned;
    this.hash = Arrays.hashCode(owned);
  }

  /** Takes ownership of {@code bytes} without the defensive copy (for freshly decoded or hashed arrays). */
  static MessageId wrap(byte[] bytes) {
    return new MessageId(bytes, true);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageId m && m.hash == hash && Arrays.equals(m.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(bytes);
    return hex.length() > 24 ? hex.substring(0, 24) + ".." : hex;
  }
}
