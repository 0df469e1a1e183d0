package io.veritas.testnet.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample of durations in nanoseconds. */
public final class Percentiles {
  private final long[] sorted;

  /** Copies and sorts the sample; it must not be empty. */
  public Percentiles(long[] sampleNanos) {
    if (sampleNanos.length == 0) {
      throw new IllegalArgumentException("percentiles of an empty sample are undefined");
    }
    sorted = sampleNanos.clone();
    Arrays.sort(sorted);
  }

  public int size() {
    return sorted.length;
  }

  /**
   * The nearest-rank percentile: the smallest value with at least {@code p} percent of the sample at or below it
   * (rank ⌈p/100 · n⌉, at least 1).
   */
  public long nanos(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  public double millis(double p) {
    return nanos(p) / 1e6;
  }
}
