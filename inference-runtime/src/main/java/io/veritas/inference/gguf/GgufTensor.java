package io.veritas.inference.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** A tensor's header entry and its bytes (a slice of the mapped file, or of a heap segment in tests). */
public record GgufTensor(GgufTensorInfo info, MemorySegment data) {
  static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  public GgufTensor {
    if (data.byteSize() != info.byteSize()) {
      throw new GgufFormatException("tensor '" + info.name() + "' needs " + info.byteSize() + " bytes, got " + data.byteSize());
    }
  }

  public String name() {
    return info.name();
  }

  public GgmlType type() {
    return info.type();
  }

  /** Row length (ggml dims[0]). */
  public int columns() {
    return Math.toIntExact(info.dims()[0]);
  }

  public int rows() {
    return Math.toIntExact(info.rows());
  }

  /** Dequantizes row {@code row} exactly into {@code out[outOffset ..]}: every element is the value ggml defines. */
  public void dequantizeRow(int row, float[] out, int outOffset) {
    int cols = columns();
    long rowBytes = info.type().bytesFor(cols);
    dequantize(info.type(), data, row * rowBytes, cols, out, outOffset);
  }

  /** The whole tensor as floats (exact dequantization); for tensors of at most 2^31-1 elements. */
  public float[] toFloatArray() {
    float[] out = new float[Math.toIntExact(info.elementCount())];
    int cols = columns();
    for (int r = 0, n = rows(); r < n; r++) {
      dequantizeRow(r, out, r * cols);
    }
    return out;
  }

  /** Exact dequantization of {@code count} elements starting at byte {@code offset} of {@code seg}. */
  public static void dequantize(GgmlType type, MemorySegment seg, long offset, int count, float[] out, int outOffset) {
    switch (type) {
      case F32 -> {
        for (int i = 0; i < count; i++) {
          out[outOffset + i] = seg.get(FLOAT_LE, offset + 4L * i);
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out[outOffset + i] = Float.float16ToFloat(seg.get(SHORT_LE, offset + 2L * i));
        }
      }
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out[outOffset + i] = Float.intBitsToFloat((seg.get(SHORT_LE, offset + 2L * i) & 0xFFFF) << 16);
        }
      }
      case Q8_0 -> {
        for (int b = 0; b < count / 32; b++) {
          long block = offset + 34L * b;
          float d = Float.float16ToFloat(seg.get(SHORT_LE, block));
          for (int j = 0; j < 32; j++) {
            out[outOffset + 32 * b + j] = seg.get(ValueLayout.JAVA_BYTE, block + 2 + j) * d;
          }
        }
      }
      case Q4_0 -> {
        for (int b = 0; b < count / 32; b++) {
          long block = offset + 18L * b;
          float d = Float.float16ToFloat(seg.get(SHORT_LE, block));
          for (int j = 0; j < 16; j++) {
            int packed = seg.get(ValueLayout.JAVA_BYTE, block + 2 + j) & 0xFF;
            out[outOffset + 32 * b + j] = ((packed & 0x0F) - 8) * d;
            out[outOffset + 32 * b + j + 16] = ((packed >>> 4) - 8) * d;
          }
        }
      }
    }
  }
}
