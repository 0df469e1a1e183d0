package io.veritas.chain.types;

import io.veritas.chain.crypto.Keccak256;
import java.util.Locale;
import org.apache.tuweni.bytes.Bytes;

/** A 20-byte Ethereum account address. */
public record Address(Bytes bytes) implements Comparable<Address> {
  public static final int SIZE = 20;
  public static final Address ZERO = new Address(Bytes.wrap(new byte[SIZE]));

  public Address {
    if (bytes == null || bytes.size() != SIZE) {
      throw new IllegalArgumentException(
          "address must be 20 bytes, got " + (bytes == null ? "null" : bytes.size() + " bytes"));
    }
    bytes = bytes.copy();
  }

  /** Parses {@code 0x}-prefixed (or bare) 40-hex-digit text; mixed case is accepted without a checksum check. */
  public static Address fromHex(String hex) {
    String digits = hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
    if (digits.length() != 2 * SIZE) {
      throw new IllegalArgumentException("address must be 40 hex digits, got '" + hex + "'");
    }
    return new Address(Bytes.fromHexString(digits));
  }

  /** The address of a native module or precompile-like account: the number in the low bytes. */
  public static Address fromLong(long value) {
    byte[] out = new byte[SIZE];
    for (int i = 0; i < 8; i++) {
      out[SIZE - 1 - i] = (byte) (value >>> (8 * i));
    }
    return new Address(Bytes.wrap(out));
  }

  public String toHexString() {
    return bytes.toHexString();
  }

  /** EIP-55 mixed-case checksum form. */
  public String toChecksumString() {
    String lower = bytes.toUnprefixedHexString().toLowerCase(Locale.ROOT);
    byte[] hash = Keccak256.hash(lower.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    StringBuilder sb = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      sb.append(nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return sb.toString();
  }

  @Override
  public int compareTo(Address other) {
    return bytes.compareTo(other.bytes);
  }

  @Override
  public String toString() {
    return toHexString();
  }
}
