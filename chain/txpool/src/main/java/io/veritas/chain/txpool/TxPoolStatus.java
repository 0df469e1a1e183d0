package io.veritas.chain.txpool;

/**
 * Counts as {@code txpool_status} reports them.
 *
 * @param pending transactions executable in nonce order from their sender's account nonce
 * @param queued transactions waiting behind a nonce gap
 * @param bytes total encoded size of all pooled transactions
 */
public record TxPoolStatus(int pending, int queued, long bytes) {
  public TxPoolStatus {
    if (pending < 0 || queued < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: pending " + pending + ", queued " + queued + ", bytes " + bytes);
    }
  }

  public int total() {
    return pending + queued;
  }
}
