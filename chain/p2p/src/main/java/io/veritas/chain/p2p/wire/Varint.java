package io.veritas.chain.p2p.wire;

import io.netty.buffer.ByteBuf;

/**
 * Unsigned LEB128 varints as used by multiformats (unsigned-varint spec): at most 9 bytes, minimal encoding
 * required.
 */
public final class Varint {
  /** The multiformats unsigned-varint spec caps varints at 9 bytes (63 bits). */
  public static final int MAX_BYTES = 9;

  private Varint() {}

  public static int encodedLength(long value) {
    int n = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      n++;
    }
    return n;
  }

  public static void write(long value, ByteBuf out) {
    checkNonNegative(value);
    while ((value & ~0x7FL) != 0) {
      out.writeByte((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.writeByte((int) value);
  }

  public static byte[] encode(long value) {
    checkNonNegative(value);
    byte[] out = new byte[encodedLength(value)];
    int i = 0;
    while ((value & ~0x7FL) != 0) {
      out[i++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out[i] = (byte) value;
    return out;
  }

  /**
   * Reads a varint at the reader index. Returns -1 and leaves the buffer untouched if the varint is not complete
   * yet; otherwise advances the reader index.
   */
  public static long read(ByteBuf in) {
    int start = in.readerIndex();
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (!in.isReadable()) {
        in.readerIndex(start);
        return -1;
      }
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new WireFormatException("varint is not minimally encoded (" + (i + 1) + " bytes)");
        }
        return value;
      }
    }
    throw new WireFormatException("varint longer than " + MAX_BYTES + " bytes");
  }

  /** Decodes a varint from {@code bytes} at {@code offset}; returns {value, bytesConsumed}. */
  public static long[] decode(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < MAX_BYTES; i++) {
      if (offset + i >= bytes.length) {
        throw new WireFormatException("truncated varint at offset " + offset);
      }
      int b = bytes[offset + i] & 0xFF;
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        if (b == 0 && i > 0) {
          throw new WireFormatException("varint is not minimally encoded (" + (i + 1) + " bytes)");
        }
        return new long[] {value, i + 1};
      }
    }
    throw new WireFormatException("varint longer than " + MAX_BYTES + " bytes");
  }

  private static void checkNonNegative(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("unsigned varint cannot encode negative value " + value);
    }
  }
}
