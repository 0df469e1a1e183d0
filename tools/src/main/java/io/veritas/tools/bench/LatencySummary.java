package io.veritas.tools.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of latencies by the nearest-rank method: the p-th percentile of n sorted values is the
 * value at rank ceil(p/100 × n) (1-based), so it is always one of the measured values and p100 is the maximum.
 */
public record LatencySummary(int count, long p50Nanos, long p99Nanos, long maxNanos) {
  public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0);

  public LatencySummary {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    if (count > 0 && (p50Nanos < 0 || p50Nanos > p99Nanos || p99Nanos > maxNanos)) {
      throw new IllegalArgumentException(
          "percentiles must satisfy 0 <= p50 <= p99 <= max, got " + p50Nanos + ", " + p99Nanos + ", " + maxNanos);
    }
  }

  /** Summarises {@code latenciesNanos} (not modified); an empty array gives {@link #EMPTY}. */
  public static LatencySummary of(long[] latenciesNanos) {
    if (latenciesNanos.length == 0) {
      return EMPTY;
    }
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    return new LatencySummary(
        sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
  }

  /** Nearest-rank percentile of ascending {@code sorted} values, {@code 0 < p <= 100}. */
  public static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      throw new IllegalArgumentException("no values to take a percentile of");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(1, rank) - 1];
  }

  public double p50Millis() {
    return p50Nanos / 1e6;
  }

  public double p99Millis() {
    return p99Nanos / 1e6;
  }
}
