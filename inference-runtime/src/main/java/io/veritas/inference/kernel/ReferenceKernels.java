package io.veritas.inference.kernel;

import io.veritas.inference.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The plain scalar definition of the canonical order documented on {@link Kernels}: slow, obvious, and the
 * standard the vector kernels are tested against bit for bit.
 */
public final class ReferenceKernels implements Kernels {
  private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    int m = n - n % 32;
    float[] acc = new float[32];
    for (int i = 0; i < m; i++) {
      acc[i % 32] = Math.fma(a[aOff + i], b[bOff + i], acc[i % 32]);
    }
    float[] s = new float[8];
    for (int l = 0; l < 8; l++) {
      s[l] = (acc[l] + acc[8 + l]) + (acc[16 + l] + acc[24 + l]);
    }
    float r = Kernels.tree8(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
    for (int i = m; i < n; i++) {
      r = Math.fma(a[aOff + i], b[bOff + i], r);
    }
    return r;
  }

  @Override
  public void matmulRow(WeightMatrix w, int row, float[] x, int xStride, int positions, float[] out, int outOffset,
      int outStride, float[] scratch) {
    for (int p = 0; p < positions; p++) {
      out[outOffset + p * outStride] = rowDot(w, row, x, p * xStride, scratch);
    }
  }

  private float rowDot(WeightMatrix w, int row, float[] x, int xOff, float[] scratch) {
    if (w.type() == GgmlType.Q8_0 || w.type() == GgmlType.Q4_0) {
      return quantizedDot(w, row, x, xOff);
    }
    w.dequantizeRow(row, scratch, 0);
    return dot(scratch, 0, x, xOff, w.cols());
  }

  private static float quantizedDot(WeightMatrix w, int row, float[] x, int xOff) {
    MemorySegment seg = w.data();
    long base = row * w.rowBytes();
    float[] acc = new float[8];
    float[] q = new float[32];
    for (int b = 0; b < w.cols() / 32; b++) {
      long block = base + (long) b * w.type().blockBytes();
      float d = Float.float16ToFloat(seg.get(SHORT_LE, block));
      for (int j = 0; j < 32; j++) {
        q[j] = quant(w.type(), seg, block, j);
      }
      int xb = xOff + 32 * b;
      for (int l = 0; l < 8; l++) {
        float p = q[l] * x[xb + l];
        for (int k = 1; k < 4; k++) {
          p = Math.fma(q[8 * k + l], x[xb + 8 * k + l], p);
        }
        acc[l] = Math.fma(p, d, acc[l]);
      }
    }
    return Kernels.tree8(acc[0], acc[1], acc[2], acc[3], acc[4], acc[5], acc[6], acc[7]);
  }

  /** The integer value of element j of a quantized block, as ggml defines it (before scaling by d). */
  private static float quant(GgmlType type, MemorySegment seg, long block, int j) {
    if (type == GgmlType.Q8_0) {
      return seg.get(ValueLayout.JAVA_BYTE, block + 2 + j);
    }
    int packed = seg.get(ValueLayout.JAVA_BYTE, block + 2 + (j % 16)) & 0xFF;
    return (j < 16 ? (packed & 0x0F) : (packed >>> 4)) - 8;
  }

  @Override
  public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
    }
  }
}
