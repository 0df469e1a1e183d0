package io.veritas.inference.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.inference.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The vector kernels equal the scalar definition of the canonical order, bit for bit. */
class KernelEquivalenceTest {
  private final Kernels vector = new VectorKernels();
  private final Kernels reference = new ReferenceKernels();

  private static float[] randomFloats(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      // Mixed magnitudes make rounding order-sensitive, so a different order would show.
      a[i] = (float) ((r.nextDouble() - 0.5) * Math.pow(10, r.nextInt(-3, 4)));
    }
    return a;
  }

  @Test
  void dotEqualsReferenceForEveryLengthAndOffset() {
    SplittableRandom r = new SplittableRandom(1);
    for (int n = 0; n <= 200; n++) {
      float[] a = randomFloats(r, n + 5);
      float[] b = randomFloats(r, n + 5);
      for (int off = 0; off < 3; off++) {
        assertEquals(Float.floatToRawIntBits(reference.dot(a, off, b, off + 2, n)),
            Float.floatToRawIntBits(vector.dot(a, off, b, off + 2, n)), "n=" + n + " off=" + off);
      }
    }
  }

  @Test
  void canonicalDotIsNotTheNaiveSequentialSum() {
    // Guards against the reference silently being a plain loop: the canonical tree changes the rounding.
    float[] a = new float[64];
    float[] b = new float[64];
    java.util.Arrays.fill(b, 1f);
    a[0] = 1e8f;
    a[1] = 1f;
    a[32] = -1e8f;
    a[33] = 1f;
    float sequential = 0f;
    for (int i = 0; i < 64; i++) {
      sequential = Math.fma(a[i], b[i], sequential);
    }
    assertEquals(1f, sequential); // 1e8 + 1 rounds to 1e8
    // Canonical: acc[0] = 1e8 + -1e8 = 0, acc[1] = 1 + 1 = 2.
    assertEquals(2f, reference.dot(a, 0, b, 0, 64));
    assertEquals(2f, vector.dot(a, 0, b, 0, 64));
  }

  static WeightMatrix randomMatrix(GgmlType type, int rows, int cols, SplittableRandom r) {
    ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(rows * type.bytesFor(cols))).order(ByteOrder.LITTLE_ENDIAN);
    switch (type) {
      case Q8_0, Q4_0 -> {
        for (int b = 0; b < rows * cols / 32; b++) {
          buf.putShort(Float.floatToFloat16((float) (r.nextDouble() * 0.1 + 1e-3)));
          byte[] q = new byte[type == GgmlType.Q8_0 ? 32 : 16];
          r.nextBytes(q);
          buf.put(q);
        }
      }
      case F32 -> {
        for (float f : randomFloats(r, rows * cols)) {
          buf.putFloat(f);
        }
      }
      case F16 -> {
        for (float f : randomFloats(r, rows * cols)) {
          buf.putShort(Float.floatToFloat16(f));
        }
      }
      case BF16 -> {
        for (float f : randomFloats(r, rows * cols)) {
          buf.putShort((short) (Float.floatToRawIntBits(f) >>> 16));
        }
      }
    }
    return new WeightMatrix("m", type, rows, cols, MemorySegment.ofArray(buf.array()));
  }

  @ParameterizedTest
  @EnumSource(GgmlType.class)
  void matmulRowEqualsReferenceForEveryPositionCount(GgmlType type) {
    SplittableRandom r = new SplittableRandom(type.ordinal());
    int cols = 96;
    WeightMatrix w = randomMatrix(type, 5, cols, r);
    for (int positions = 1; positions <= 9; positions++) {
      float[] x = randomFloats(r, positions * cols);
      float[] expected = new float[positions * 5];
      float[] actual = new float[positions * 5];
      for (int row = 0; row < 5; row++) {
        reference.matmulRow(w, row, x, cols, positions, expected, row, 5, new float[cols]);
        vector.matmulRow(w, row, x, cols, positions, actual, row, 5, new float[cols]);
      }
      for (int i = 0; i < expected.length; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
            type + " positions=" + positions + " i=" + i);
      }
      // One position at a time gives the same bits as many at once (batch invariance).
      for (int p = 0; p < positions; p++) {
        float[] single = new float[5];
        float[] xp = java.util.Arrays.copyOfRange(x, p * cols, (p + 1) * cols);
        for (int row = 0; row < 5; row++) {
          vector.matmulRow(w, row, xp, cols, 1, single, row, 1, new float[cols]);
          assertEquals(Float.floatToRawIntBits(actual[p * 5 + row]), Float.floatToRawIntBits(single[row]));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(GgmlType.class)
  void matmulOverRowRangesEqualsReferenceRowByRow(GgmlType type) {
    // Odd row counts and ranges starting at odd rows exercise the row pairs (adjacent rows in the 2x4 prefill tiles,
    // rows half the range apart in decode) and their single-row remainder; 1..9 positions exercise decode (1..3),
    // the four-position tiles and their remainders.
    // 32 columns: scratch smaller than the 64 floats the 2x4 tile needs for its trees.
    for (int cols : new int[] {32, 128}) {
      matmulOverRowRangesEqualsReference(type, cols);
    }
  }

  private void matmulOverRowRangesEqualsReference(GgmlType type, int cols) {
    SplittableRandom r = new SplittableRandom(100 + type.ordinal() + cols);
    int rows = 7;
    WeightMatrix w = randomMatrix(type, rows, cols, r);
    int[][] ranges = {{0, 7}, {1, 6}, {3, 4}, {2, 2}};
    for (int positions = 1; positions <= 9; positions++) {
      float[] x = randomFloats(r, positions * cols);
      int outStride = rows + 3;
      int outOffset = 2;
      for (int[] range : ranges) {
        float[] expected = new float[outOffset + positions * outStride];
        float[] actual = new float[expected.length];
        java.util.Arrays.fill(expected, -7f);
        java.util.Arrays.fill(actual, -7f);
        for (int row = range[0]; row < range[1]; row++) {
          reference.matmulRow(w, row, x, cols, positions, expected, outOffset + row, outStride, new float[cols]);
        }
        vector.matmul(w, range[0], range[1], x, cols, positions, actual, outOffset, outStride, new float[cols]);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
              type + " cols=" + cols + " rows " + range[0] + ".." + range[1] + " positions=" + positions + " i=" + i);
        }
      }
    }
  }

  @Test
  void axpyEqualsReference() {
    SplittableRandom r = new SplittableRandom(3);
    for (int n = 0; n < 40; n++) {
      float[] x = randomFloats(r, n);
      float[] y1 = randomFloats(r, n);
      float[] y2 = y1.clone();
      reference.axpy(0.37f, x, 0, y1, 0, n);
      vector.axpy(0.37f, x, 0, y2, 0, n);
      for (int i = 0; i < n; i++) {
        assertEquals(Float.floatToRawIntBits(y1[i]), Float.floatToRawIntBits(y2[i]));
      }
    }
  }

  @Test
  void rowParallelCoversEveryItemOnceForAnyThreadCount() {
    for (int threads = 1; threads <= 4; threads++) {
      try (RowParallel pool = new RowParallel(threads)) {
        for (int count : new int[] {0, 1, 3, 7, 100}) {
          int[] hits = new int[count];
          pool.forEach(count, (start, end, worker) -> {
            for (int i = start; i < end; i++) {
              hits[i]++;
            }
          });
          for (int h : hits) {
            assertEquals(1, h);
          }
        }
      }
    }
  }
}
