package io.veritas.chain.p2p.gossip;

import java.util.Arrays;
import java.util.HexFormat;

/** A gossipsub message id: opaque bytes compared by value. */
public record MessageId(byte[] bytes) {
  public MessageId {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageId m && Arrays.equals(m.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    String hex = HexFormat.of().formatHex(bytes);
    return hex.length() > 24 ? hex.substring(0, 24) + ".." : hex;
  }
}
