package io.veritas.inference.kernel;

/**
 * The arithmetic every reduction of the forward pass goes through, in one canonical order that does not depend on
 * the CPU's vector width, the thread count or how many positions are computed at once. The canonical order (the
 * README states it too; {@link ReferenceKernels} is its plain scalar definition):
 *
 * <ul>
 *   <li>FMA everywhere: every multiply-add is a fused {@code Math.fma} (IEEE 754 fusedMultiplyAdd, exact and
 *       identical on every machine), in the scalar reference and in the vector kernels alike.
 *   <li>F32 dot of length n: m = n - n % 32; 32 partial sums, element i &lt; m goes to partial i % 32 (sequentially in
 *       i); lane sums s[l] = (acc[l] + acc[8+l]) + (acc[16+l] + acc[24+l]) for l in 0..7; then
 *       r = ((s0+s4)+(s2+s6)) + ((s1+s5)+(s3+s7)); then the tail i = m..n-1 by r = fma(a[i], b[i], r).
 *   <li>F16 / BF16 rows: converted exactly to float, then the F32 dot.
 *   <li>Q8_0 / Q4_0 rows (blocks of 32 with scale d): per block b, 8 lanes
 *       p[l] = q[l]*x[l]; p[l] = fma(q[8k+l], x[8k+l], p[l]) for k = 1, 2, 3; acc[l] = fma(p[l], d_b, acc[l]);
 *       after the last block r = ((acc0+acc4)+(acc2+acc6)) + ((acc1+acc5)+(acc3+acc7)).
 * </ul>
 */
public interface Kernels {
  /** Canonical F32 dot product of {@code a[aOff..aOff+n)} and {@code b[bOff..bOff+n)}. */
  float dot(float[] a, int aOff, float[] b, int bOff, int n);

  /**
   * For each of {@code positions} input vectors {@code x[p*xStride ..]} (length {@code w.cols()}), writes the
   * canonical dot of row {@code row} of {@code w} with it to {@code out[outOffset + p*outStride]}.
   * {@code scratch} holds at least {@code w.cols()} floats.
   */
  void matmulRow(WeightMatrix w, int row, float[] x, int xStride, int positions, float[] out, int outOffset,
      int outStride, float[] scratch);

  /**
   * Rows {@code [rowStart, rowEnd)} of {@code w} against {@code positions} input vectors: the canonical dot of row r
   * with {@code x[p*xStride ..]} goes to {@code out[outOffset + r + p*outStride]}. Exactly the values of
   * {@link #matmulRow} for each row; implementations may compute several rows and positions together (each output
   * is still its own dot in the canonical order). {@code scratch} holds at least {@code w.cols()} floats.
   */
  default void matmul(WeightMatrix w, int rowStart, int rowEnd, float[] x, int xStride, int positions, float[] out,
      int outOffset, int outStride, float[] scratch) {
    for (int r = rowStart; r < rowEnd; r++) {
      matmulRow(w, r, x, xStride, positions, out, outOffset + r, outStride, scratch);
    }
  }

  /** {@code y[i] = fma(a, x[i], y[i])} elementwise (no reduction, so any vector width gives the same bits). */
  void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n);

  /** The canonical 8-lane tree: ((s0+s4)+(s2+s6)) + ((s1+s5)+(s3+s7)). */
  static float tree8(float s0, float s1, float s2, float s3, float s4, float s5, float s6, float s7) {
    return ((s0 + s4) + (s2 + s6)) + ((s1 + s5) + (s3 + s7));
  }
}
