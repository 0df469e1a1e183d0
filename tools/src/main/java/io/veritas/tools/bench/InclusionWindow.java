package io.veritas.tools.bench;

import java.util.Collection;

/**
 * The measurement window in block-timestamp seconds, [startSecond, endSecond). Throughput is counted from the
 * chain, not from the sender: the transactions of the blocks whose header timestamps lie in the window, divided
 * by the window's length. A block belongs to the window by its timestamp alone, so a window of D seconds with
 * one block per second holds about D blocks whatever the phase of the block clock.
 */
public record InclusionWindow(long startSecond, long endSecond) {
  public InclusionWindow {
    if (endSecond <= startSecond) {
      throw new IllegalArgumentException(
          "measurement window must be at least one second long, got [" + startSecond + ", " + endSecond + ")");
    }
  }

  public long seconds() {
    return endSecond - startSecond;
  }

  public boolean contains(long timestampSeconds) {
    return timestampSeconds >= startSecond && timestampSeconds < endSecond;
  }

  /** Blocks and transactions of {@code blocks} inside the window, and transactions per second over it. */
  public Count count(Collection<BlockSample> blocks) {
    int inside = 0;
    long txs = 0;
    for (BlockSample block : blocks) {
      if (contains(block.timestampSeconds())) {
        inside++;
        txs += block.transactionCount();
      }
    }
    return new Count(inside, txs, (double) txs / seconds());
  }

  /** The outcome of {@link #count}. */
  public record Count(int blocks, long transactions, double transactionsPerSecond) {}
}
