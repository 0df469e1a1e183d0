package io.veritas.market.worker;

import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import org.apache.tuweni.units.bigints.UInt256;

/** How a worker hands its signed transactions to the node: the local pool, which gossips them on. */
public interface TransactionSubmitter {
  /** Adds {@code tx} to the pool; returns empty when accepted, else the reason it was refused. */
  java.util.Optional<String> submit(Transaction tx);

  /** The next nonce of {@code account}, counting its transactions already in the pool. */
  long pendingNonce(Address account);

  /** The base fee the next block will carry. */
  UInt256 nextBaseFee();
}
