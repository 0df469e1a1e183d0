package io.veritas.chain.trie;

import java.util.Arrays;

/** Nibble paths (one array element per 4-bit nibble, high nibble first) and hex-prefix encoding. */
final class Nibbles {
  static final byte[] EMPTY = new byte[0];

  private Nibbles() {}

  static byte[] fromBytes(byte[] bytes) {
    byte[] out = new byte[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = (byte) ((bytes[i] >> 4) & 0x0f);
      out[2 * i + 1] = (byte) (bytes[i] & 0x0f);
    }
    return out;
  }

  static byte[] toBytes(byte[] nibbles) {
    if ((nibbles.length & 1) != 0) {
      throw new IllegalStateException("a key path of " + nibbles.length + " nibbles is not a whole number of bytes");
    }
    byte[] out = new byte[nibbles.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((nibbles[2 * i] << 4) | nibbles[2 * i + 1]);
    }
    return out;
  }

  /** Length of the common prefix of {@code a[aFrom..]} and {@code b[bFrom..]}. */
  static int commonPrefix(byte[] a, int aFrom, byte[] b, int bFrom) {
    int max = Math.min(a.length - aFrom, b.length - bFrom);
    int mismatch = Arrays.mismatch(a, aFrom, aFrom + max, b, bFrom, bFrom + max);
    return mismatch < 0 ? max : mismatch;
  }

  /** Whether {@code path[from..]} starts with all of {@code prefix}. */
  static boolean startsWith(byte[] path, int from, byte[] prefix) {
    return path.length - from >= prefix.length
        && Arrays.equals(path, from, from + prefix.length, prefix, 0, prefix.length);
  }

  static byte[] slice(byte[] path, int from) {
    return from == 0 ? path : Arrays.copyOfRange(path, from, path.length);
  }

  static byte[] slice(byte[] path, int from, int to) {
    return Arrays.copyOfRange(path, from, to);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] append(byte[] a, int nibble) {
    byte[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = (byte) nibble;
    return out;
  }

  static byte[] prepend(int nibble, byte[] a) {
    byte[] out = new byte[a.length + 1];
    out[0] = (byte) nibble;
    System.arraycopy(a, 0, out, 1, a.length);
    return out;
  }

  /**
   * Hex-prefix encoding (yellow paper appendix C): the first nibble is the flag {@code 2*leaf + odd}; an even
   * path gets a zero padding nibble after the flag.
   */
  static byte[] hexPrefix(byte[] path, boolean leaf) {
    int flag = (leaf ? 2 : 0) + (path.length & 1);
    byte[] out = new byte[path.length / 2 + 1];
    int in = 0;
    if ((path.length & 1) == 1) {
      out[0] = (byte) ((flag << 4) | path[0]);
      in = 1;
    } else {
      out[0] = (byte) (flag << 4);
    }
    for (int o = 1; o < out.length; o++, in += 2) {
      out[o] = (byte) ((path[in] << 4) | path[in + 1]);
    }
    return out;
  }

  /** Decoded hex-prefix path: the nibbles and whether the flag says leaf. */
  record HexPrefix(byte[] path, boolean leaf) {}

  static HexPrefix decodeHexPrefix(byte[] data, int off, int len) {
    if (len == 0) {
      throw new MalformedTrieNodeException("hex-prefix path is empty");
    }
    int flag = (data[off] >> 4) & 0x0f;
    if (flag > 3) {
      throw new MalformedTrieNodeException("hex-prefix flag nibble " + flag + " is not 0..3");
    }
    boolean odd = (flag & 1) == 1;
    if (!odd && (data[off] & 0x0f) != 0) {
      throw new MalformedTrieNodeException("hex-prefix padding nibble of an even path is not zero");
    }
    byte[] path = new byte[(len - 1) * 2 + (odd ? 1 : 0)];
    int p = 0;
    if (odd) {
      path[p++] = (byte) (data[off] & 0x0f);
    }
    for (int i = 1; i < len; i++) {
      path[p++] = (byte) ((data[off + i] >> 4) & 0x0f);
      path[p++] = (byte) (data[off + i] & 0x0f);
    }
    return new HexPrefix(path, (flag & 2) == 2);
  }

  /** Lexicographic comparison of nibble paths; a proper prefix sorts first. */
  static int compare(byte[] a, byte[] b) {
    return Arrays.compare(a, b);
  }
}
