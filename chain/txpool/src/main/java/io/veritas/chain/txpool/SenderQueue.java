package io.veritas.chain.txpool;

import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.TreeMap;

/**
 * One sender's pooled transactions by nonce, with the head state they were last checked against. The first
 * {@code pendingCount} nonces from {@code accountNonce} are present and contiguous (pending); the rest sit
 * behind a gap (queued). No nonce below {@code accountNonce} is kept once the queue has been refreshed.
 * Guarded by the pool's lock.
 */
final class SenderQueue {
  final Address sender;
  final TreeMap<Long, PooledTransaction> byNonce = new TreeMap<>();
  long accountNonce;
  BigInteger balance;
  /** The pool's state version this queue's nonce and balance were read at. */
  long stateVersion;
  int pendingCount;
  /** Sum of the costs of every transaction in {@link #byNonce}. */
  BigInteger totalCost = BigInteger.ZERO;

  /** Snapshot of the tail's eviction key while this queue is in the pool's eviction order. */
  long evictTip;
  PooledTransaction evictTail;

  SenderQueue(Address sender, long accountNonce, BigInteger balance, long stateVersion) {
    this.sender = sender;
    this.accountNonce = accountNonce;
    this.balance = balance;
    this.stateVersion = stateVersion;
  }

  /** The nonce the sender's next transaction must carry to be pending: account nonce + contiguous run. */
  long nextNonce() {
    return accountNonce + pendingCount;
  }

  boolean isPending(PooledTransaction ptx) {
    return ptx.nonce >= accountNonce && ptx.nonce < nextNonce();
  }

  PooledTransaction tail() {
    return byNonce.lastEntry().getValue();
  }

  int queuedCount() {
    return byNonce.size() - pendingCount;
  }
}
