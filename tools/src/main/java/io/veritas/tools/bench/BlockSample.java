package io.veritas.tools.bench;

/** What the benchmark needs of one block: its number, header timestamp (seconds) and transaction count. */
public record BlockSample(long number, long timestampSeconds, int transactionCount) {
  public BlockSample {
    if (number < 0) {
      throw new IllegalArgumentException("block number must not be negative, got " + number);
    }
    if (transactionCount < 0) {
      throw new IllegalArgumentException("transaction count must not be negative, got " + transactionCount);
    }
  }
}
