package io.veritas.chain.txpool;

import io.veritas.chain.tx.Transaction;

/**
 * Told about each transaction the first time it becomes pending (executable in nonce order): on add, or when
 * a nonce gap before it fills. Feeds {@code eth_subscribe newPendingTransactions} and transaction gossip.
 * Called on the adding thread after the pool's lock is released; it must be quick and must not throw.
 */
@FunctionalInterface
public interface PendingTransactionListener {
  void onPending(Transaction transaction);
}
