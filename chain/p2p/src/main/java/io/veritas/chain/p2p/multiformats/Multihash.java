package io.veritas.chain.p2p.multiformats;

import io.veritas.chain.p2p.wire.Varint;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A multihash restricted to the two functions peer ids use: identity (0x00) and sha2-256 (0x12). */
public record Multihash(int code, byte[] digest) {
  public static final int IDENTITY = 0x00;
  public static final int SHA2_256 = 0x12;

  public Multihash {
    if (code != IDENTITY && code != SHA2_256) {
      throw new IllegalArgumentException("unsupported multihash code 0x" + Integer.toHexString(code));
    }
    if (code == SHA2_256 && digest.length != 32) {
      throw new IllegalArgumentException("sha2-256 multihash needs a 32-byte digest, got " + digest.length);
    }
    digest = digest.clone();
  }

  public static Multihash identity(byte[] data) {
    return new Multihash(IDENTITY, data);
  }

  public static Multihash sha256(byte[] data) {
    try {
      return new Multihash(SHA2_256, MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without SHA-256", e);
    }
  }

  /** Parses exactly one multihash occupying all of {@code bytes}. */
  public static Multihash decode(byte[] bytes) {
    long[] code = Varint.decode(bytes, 0);
    long[] len = Varint.decode(bytes, (int) code[1]);
    int offset = (int) (code[1] + len[1]);
    if (len[0] != bytes.length - offset) {
      throw new WireFormatException(
          "multihash length field says " + len[0] + " bytes but " + (bytes.length - offset) + " follow");
    }
    if (code[0] != IDENTITY && code[0] != SHA2_256) {
      throw new WireFormatException("unsupported multihash code 0x" + Long.toHexString(code[0]));
    }
    try {
      return new Multihash((int) code[0], Arrays.copyOfRange(bytes, offset, bytes.length));
    } catch (IllegalArgumentException e) {
      throw new WireFormatException(e.getMessage(), e);
    }
  }

  @Override
  public byte[] digest() {
    return digest.clone();
  }

  public byte[] encode() {
    byte[] c = Varint.encode(code);
    byte[] l = Varint.encode(digest.length);
    byte[] out = new byte[c.length + l.length + digest.length];
    System.arraycopy(c, 0, out, 0, c.length);
    System.arraycopy(l, 0, out, c.length, l.length);
    System.arraycopy(digest, 0, out, c.length + l.length, digest.length);
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
  }

  @Override
  public int hashCode() {
    return 31 * code + Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return "Multihash[0x" + Integer.toHexString(code) + ":" + HexFormat.of().formatHex(digest) + "]";
  }
}
