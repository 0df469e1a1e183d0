package io.veritas.inference.kernel;

import io.veritas.inference.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The canonical order of {@link Kernels} with the Vector API. The species is fixed at 8 float lanes (256 bits),
 * never the CPU's preferred one: on narrower hardware the JIT splits each operation, on wider hardware it uses
 * part of a register, and either way every lane computes the same IEEE operations, so the bits do not change.
 * Lanes are never summed with {@code reduceLanes} (its order is unspecified); {@link #tree8} fixes the order.
 */
public final class VectorKernels implements Kernels {
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
  private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;
  private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
  private static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

  /** Lane l + lane l+4, then lane l + lane l+2: the first two levels of the canonical tree in two vector adds. */
  private static final VectorShuffle<Float> HIGH4 = VectorShuffle.fromValues(F8, 4, 5, 6, 7, 0, 1, 2, 3);
  private static final VectorShuffle<Float> HIGH2 = VectorShuffle.fromValues(F8, 2, 3, 0, 1, 6, 7, 4, 5);

  /**
   * The canonical tree ((s0+s4)+(s2+s6)) + ((s1+s5)+(s3+s7)) of the lanes of {@code v}. Lane l of t = v + v[l+4] is
   * s_l + s_(l+4) for l &lt; 4; lane l of u = t + t[l+2] is t_l + t_(l+2) for l &lt; 2; the result is u0 + u1. Each
   * addition has the operands of the canonical tree (IEEE addition is commutative), so the bits are the same.
   */
  private static float tree8(FloatVector v) {
    FloatVector t = v.add(v.rearrange(HIGH4));
    FloatVector u = t.add(t.rearrange(HIGH2));
    return u.lane(0) + u.lane(1);
  }

  /** The canonical tree of the eight floats {@code t[i .. i+8)}. */
  private static float tree8(float[] t, int i) {
    return Kernels.tree8(t[i], t[i + 1], t[i + 2], t[i + 3], t[i + 4], t[i + 5], t[i + 6], t[i + 7]);
  }

  @Override
  public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
    int m = n - n % 32;
    FloatVector acc0 = FloatVector.zero(F8);
    FloatVector acc1 = FloatVector.zero(F8);
    FloatVector acc2 = FloatVector.zero(F8);
    FloatVector acc3 = FloatVector.zero(F8);
    for (int i = 0; i < m; i += 32) {
      acc0 = FloatVector.fromArray(F8, a, aOff + i).fma(FloatVector.fromArray(F8, b, bOff + i), acc0);
      acc1 = FloatVector.fromArray(F8, a, aOff + i + 8).fma(FloatVector.fromArray(F8, b, bOff + i + 8), acc1);
      acc2 = FloatVector.fromArray(F8, a, aOff + i + 16).fma(FloatVector.fromArray(F8, b, bOff + i + 16), acc2);
      acc3 = FloatVector.fromArray(F8, a, aOff + i + 24).fma(FloatVector.fromArray(F8, b, bOff + i + 24), acc3);
    }
    float r = tree8(acc0.add(acc1).add(acc2.add(acc3)));
    for (int i = m; i < n; i++) {
      r = Math.fma(a[aOff + i], b[bOff + i], r);
    }
    return r;
  }

  @Override
  public void matmulRow(WeightMatrix w, int row, float[] x, int xStride, int positions, float[] out, int outOffset,
      int outStride, float[] scratch) {
    switch (w.type()) {
      case Q8_0 -> {
        int p = 0;
        for (; p + 4 <= positions; p += 4) {
          q8Dot4(w, row, x, p * xStride, xStride, out, outOffset + p * outStride, outStride);
        }
        for (; p < positions; p++) {
          out[outOffset + p * outStride] = q8Dot(w, row, x, p * xStride);
        }
      }
      case Q4_0 -> {
        for (int p = 0; p < positions; p++) {
          out[outOffset + p * outStride] = q4Dot(w, row, x, p * xStride);
        }
      }
      case F32, F16, BF16 -> {
        w.dequantizeRow(row, scratch, 0);
        for (int p = 0; p < positions; p++) {
          out[outOffset + p * outStride] = dot(scratch, 0, x, p * xStride, w.cols());
        }
      }
    }
  }

  /**
   * Q8_0 with four or more positions: tiles of two rows x four positions (each decoded weight block serves four
   * inputs, each loaded input block two rows); fewer positions (decode): pairs of rows half the range apart. Every
   * output is still its own canonical dot; the tiles only share loads.
   */
  @Override
  public void matmul(WeightMatrix w, int rowStart, int rowEnd, float[] x, int xStride, int positions, float[] out,
      int outOffset, int outStride, float[] scratch) {
    if (w.type() != GgmlType.Q8_0) {
      Kernels.super.matmul(w, rowStart, rowEnd, x, xStride, positions, out, outOffset, outStride, scratch);
      return;
    }
    if (positions < 4) {
      // Decode: rows r and r + half of the range together. Two streams from memory far apart run faster than one
      // (15 vs 11 GMAC/s per core on the 28 MiB output head), while two adjacent rows interleaved run slower (5).
      int half = (rowEnd - rowStart) / 2;
      for (int p = 0; p < positions; p++) {
        int o = outOffset + p * outStride;
        q8DotFarPairs(w, rowStart, half, x, p * xStride, out, o);
        if ((rowEnd - rowStart) % 2 != 0) {
          out[o + rowEnd - 1] = q8Dot(w, rowEnd - 1, x, p * xStride);
        }
      }
      return;
    }
    int pairsEnd = rowEnd - (rowEnd - rowStart) % 2;
    int tiled = positions - positions % 4;
    float[] trees = scratch.length >= 64 ? scratch : new float[64];
    for (int r = rowStart; r < pairsEnd; r += 2) {
      for (int p = 0; p < tiled; p += 4) {
        q8Dot2x4(w, r, x, p * xStride, xStride, out, outOffset + r + p * outStride, outStride, trees);
      }
      for (int p = tiled; p < positions; p++) {
        out[outOffset + r + p * outStride] = q8Dot(w, r, x, p * xStride);
        out[outOffset + r + 1 + p * outStride] = q8Dot(w, r + 1, x, p * xStride);
      }
    }
    if (pairsEnd < rowEnd) {
      matmulRow(w, pairsEnd, x, xStride, positions, out, outOffset + pairsEnd, outStride, scratch);
    }
  }

  /**
   * Rows {@code r} and {@code r + half} for r in {@code [rowStart, rowStart + half)} against one input vector; row r
   * goes to {@code out[o + r]}. Each row is its own canonical dot; the pairs only share the loaded input blocks.
   */
  private static void q8DotFarPairs(WeightMatrix w, int rowStart, int half, float[] x, int xOff, float[] out, int o) {
    MemorySegment seg = w.data();
    long rowBytes = w.rowBytes();
    int cols = w.cols();
    for (int r = rowStart; r < rowStart + half; r++) {
      long a = r * rowBytes;
      long b = (r + half) * rowBytes;
      FloatVector accA = FloatVector.zero(F8);
      FloatVector accB = FloatVector.zero(F8);
      for (int xb = xOff, end = xOff + cols; xb < end; xb += 32, a += 34, b += 34) {
        FloatVector da = FloatVector.broadcast(F8, Float.float16ToFloat(seg.get(SHORT_LE, a)));
        FloatVector db = FloatVector.broadcast(F8, Float.float16ToFloat(seg.get(SHORT_LE, b)));
        FloatVector x0 = FloatVector.fromArray(F8, x, xb);
        FloatVector x1 = FloatVector.fromArray(F8, x, xb + 8);
        FloatVector x2 = FloatVector.fromArray(F8, x, xb + 16);
        FloatVector x3 = FloatVector.fromArray(F8, x, xb + 24);
        accA = q8(seg, a + 26).fma(x3, q8(seg, a + 18).fma(x2, q8(seg, a + 10).fma(x1, q8(seg, a + 2).mul(x0))))
            .fma(da, accA);
        accB = q8(seg, b + 26).fma(x3, q8(seg, b + 18).fma(x2, q8(seg, b + 10).fma(x1, q8(seg, b + 2).mul(x0))))
            .fma(db, accB);
      }
      out[o + r] = tree8(accA);
      out[o + r + half] = tree8(accB);
    }
  }

  /**
   * Rows {@code row}, {@code row+1} against four input vectors {@code x[xOff + i*xStride ..]}; row r + j, input i
   * goes to {@code out[o + j + i*outStride]}. Eight accumulators: more live vectors than this make C2 fall back to
   * boxed vectors on current JDKs.
   */
  private static void q8Dot2x4(WeightMatrix w, int row, float[] x, int xOff, int xStride, float[] out, int o,
      int outStride, float[] t) {
    MemorySegment seg = w.data();
    long a = row * w.rowBytes();
    long b = a + w.rowBytes();
    FloatVector a0 = FloatVector.zero(F8);
    FloatVector a1 = FloatVector.zero(F8);
    FloatVector a2 = FloatVector.zero(F8);
    FloatVector a3 = FloatVector.zero(F8);
    FloatVector b0 = FloatVector.zero(F8);
    FloatVector b1 = FloatVector.zero(F8);
    FloatVector b2 = FloatVector.zero(F8);
    FloatVector b3 = FloatVector.zero(F8);
    for (int j = 0, cols = w.cols(); j < cols; j += 32, a += 34, b += 34) {
      FloatVector da = FloatVector.broadcast(F8, Float.float16ToFloat(seg.get(SHORT_LE, a)));
      FloatVector db = FloatVector.broadcast(F8, Float.float16ToFloat(seg.get(SHORT_LE, b)));
      FloatVector qa0 = q8(seg, a + 2);
      FloatVector qa1 = q8(seg, a + 10);
      FloatVector qa2 = q8(seg, a + 18);
      FloatVector qa3 = q8(seg, a + 26);
      FloatVector qb0 = q8(seg, b + 2);
      FloatVector qb1 = q8(seg, b + 10);
      FloatVector qb2 = q8(seg, b + 18);
      FloatVector qb3 = q8(seg, b + 26);
      int xb = xOff + j;
      FloatVector x0 = FloatVector.fromArray(F8, x, xb);
      FloatVector x1 = FloatVector.fromArray(F8, x, xb + 8);
      FloatVector x2 = FloatVector.fromArray(F8, x, xb + 16);
      FloatVector x3 = FloatVector.fromArray(F8, x, xb + 24);
      a0 = qa3.fma(x3, qa2.fma(x2, qa1.fma(x1, qa0.mul(x0)))).fma(da, a0);
      b0 = qb3.fma(x3, qb2.fma(x2, qb1.fma(x1, qb0.mul(x0)))).fma(db, b0);
      xb += xStride;
      x0 = FloatVector.fromArray(F8, x, xb);
      x1 = FloatVector.fromArray(F8, x, xb + 8);
      x2 = FloatVector.fromArray(F8, x, xb + 16);
      x3 = FloatVector.fromArray(F8, x, xb + 24);
      a1 = qa3.fma(x3, qa2.fma(x2, qa1.fma(x1, qa0.mul(x0)))).fma(da, a1);
      b1 = qb3.fma(x3, qb2.fma(x2, qb1.fma(x1, qb0.mul(x0)))).fma(db, b1);
      xb += xStride;
      x0 = FloatVector.fromArray(F8, x, xb);
      x1 = FloatVector.fromArray(F8, x, xb + 8);
      x2 = FloatVector.fromArray(F8, x, xb + 16);
      x3 = FloatVector.fromArray(F8, x, xb + 24);
      a2 = qa3.fma(x3, qa2.fma(x2, qa1.fma(x1, qa0.mul(x0)))).fma(da, a2);
      b2 = qb3.fma(x3, qb2.fma(x2, qb1.fma(x1, qb0.mul(x0)))).fma(db, b2);
      xb += xStride;
      x0 = FloatVector.fromArray(F8, x, xb);
      x1 = FloatVector.fromArray(F8, x, xb + 8);
      x2 = FloatVector.fromArray(F8, x, xb + 16);
      x3 = FloatVector.fromArray(F8, x, xb + 24);
      a3 = qa3.fma(x3, qa2.fma(x2, qa1.fma(x1, qa0.mul(x0)))).fma(da, a3);
      b3 = qb3.fma(x3, qb2.fma(x2, qb1.fma(x1, qb0.mul(x0)))).fma(db, b3);
    }
    // The eight trees from memory: out-of-line tree8 calls would box their vector arguments.
    a0.intoArray(t, 0);
    b0.intoArray(t, 8);
    a1.intoArray(t, 16);
    b1.intoArray(t, 24);
    a2.intoArray(t, 32);
    b2.intoArray(t, 40);
    a3.intoArray(t, 48);
    b3.intoArray(t, 56);
    for (int i = 0; i < 4; i++, o += outStride) {
      out[o] = tree8(t, 16 * i);
      out[o + 1] = tree8(t, 16 * i + 8);
    }
  }

  private static FloatVector q8(MemorySegment seg, long offset) {
    return (FloatVector) ByteVector.fromMemorySegment(B8, seg, offset, LE).convertShape(VectorOperators.B2F, F8, 0);
  }

  private static float q8Dot(WeightMatrix w, int row, float[] x, int xOff) {
    MemorySegment seg = w.data();
    long block = row * w.rowBytes();
    FloatVector acc = FloatVector.zero(F8);
    for (int xb = xOff, end = xOff + w.cols(); xb < end; xb += 32, block += 34) {
      float d = Float.float16ToFloat(seg.get(SHORT_LE, block));
      FloatVector p = q8(seg, block + 2).mul(FloatVector.fromArray(F8, x, xb));
      p = q8(seg, block + 10).fma(FloatVector.fromArray(F8, x, xb + 8), p);
      p = q8(seg, block + 18).fma(FloatVector.fromArray(F8, x, xb + 16), p);
      p = q8(seg, block + 26).fma(FloatVector.fromArray(F8, x, xb + 24), p);
      acc = p.fma(FloatVector.broadcast(F8, d), acc);
    }
    return tree8(acc);
  }

  /** The same arithmetic as {@link #q8Dot} for four input vectors at once, so each weight block is decoded once. */
  private static void q8Dot4(WeightMatrix w, int row, float[] x, int xOff, int xStride, float[] out, int outOffset,
      int outStride) {
    MemorySegment seg = w.data();
    long block = row * w.rowBytes();
    FloatVector acc0 = FloatVector.zero(F8);
    FloatVector acc1 = FloatVector.zero(F8);
    FloatVector acc2 = FloatVector.zero(F8);
    FloatVector acc3 = FloatVector.zero(F8);
    int x0 = xOff;
    int x1 = xOff + xStride;
    int x2 = xOff + 2 * xStride;
    int x3 = xOff + 3 * xStride;
    for (int j = 0, cols = w.cols(); j < cols; j += 32, block += 34) {
      float d = Float.float16ToFloat(seg.get(SHORT_LE, block));
      FloatVector q0 = q8(seg, block + 2);
      FloatVector q1 = q8(seg, block + 10);
      FloatVector q2 = q8(seg, block + 18);
      FloatVector q3 = q8(seg, block + 26);
      acc0 = blockSum(q0, q1, q2, q3, x, x0 + j).fma(FloatVector.broadcast(F8, d), acc0);
      acc1 = blockSum(q0, q1, q2, q3, x, x1 + j).fma(FloatVector.broadcast(F8, d), acc1);
      acc2 = blockSum(q0, q1, q2, q3, x, x2 + j).fma(FloatVector.broadcast(F8, d), acc2);
      acc3 = blockSum(q0, q1, q2, q3, x, x3 + j).fma(FloatVector.broadcast(F8, d), acc3);
    }
    out[outOffset] = tree8(acc0);
    out[outOffset + outStride] = tree8(acc1);
    out[outOffset + 2 * outStride] = tree8(acc2);
    out[outOffset + 3 * outStride] = tree8(acc3);
  }

  private static FloatVector blockSum(FloatVector q0, FloatVector q1, FloatVector q2, FloatVector q3, float[] x, int xb) {
    FloatVector p = q0.mul(FloatVector.fromArray(F8, x, xb));
    p = q1.fma(FloatVector.fromArray(F8, x, xb + 8), p);
    p = q2.fma(FloatVector.fromArray(F8, x, xb + 16), p);
    return q3.fma(FloatVector.fromArray(F8, x, xb + 24), p);
  }

  private static float q4Dot(WeightMatrix w, int row, float[] x, int xOff) {
    MemorySegment seg = w.data();
    long block = row * w.rowBytes();
    FloatVector acc = FloatVector.zero(F8);
    for (int xb = xOff, end = xOff + w.cols(); xb < end; xb += 32, block += 18) {
      float d = Float.float16ToFloat(seg.get(SHORT_LE, block));
      ByteVector packed = ByteVector.fromMemorySegment(B16, seg, block + 2, LE);
      ByteVector lo = packed.and((byte) 0x0F).sub((byte) 8);
      ByteVector hi = packed.lanewise(VectorOperators.LSHR, 4).sub((byte) 8);
      FloatVector q0 = (FloatVector) lo.convertShape(VectorOperators.B2F, F8, 0);
      FloatVector q1 = (FloatVector) lo.convertShape(VectorOperators.B2F, F8, 1);
      FloatVector q2 = (FloatVector) hi.convertShape(VectorOperators.B2F, F8, 0);
      FloatVector q3 = (FloatVector) hi.convertShape(VectorOperators.B2F, F8, 1);
      acc = blockSum(q0, q1, q2, q3, x, xb).fma(FloatVector.broadcast(F8, d), acc);
    }
    return tree8(acc);
  }

  @Override
  public void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    FloatVector av = FloatVector.broadcast(F8, a);
    for (int m = n - n % 8; i < m; i += 8) {
      av.fma(FloatVector.fromArray(F8, x, xOff + i), FloatVector.fromArray(F8, y, yOff + i)).intoArray(y, yOff + i);
    }
    for (; i < n; i++) {
      y[yOff + i] = Math.fma(a, x[xOff + i], y[yOff + i]);
    }
  }
}
