package io.veritas.chain.txpool;

import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A transaction as the pool keeps it: the values the pool's ordering and accounting need, computed once.
 * Fees are kept as longs saturated at {@link Long#MAX_VALUE} (9.2 ETH per gas) so that ordering is cheap; a
 * fee above that orders as equal to it. Exact values are used wherever money is checked (cost, replacement).
 */
final class PooledTransaction {
  final Transaction tx;
  final Bytes32 hash;
  final Address sender;
  final long nonce;
  final long size;
  final long gasLimit;
  /** gas limit × max fee per gas + value: what the sender must be able to pay. */
  final BigInteger cost;
  final long maxFee;
  final long tip;
  /** Pool-wide arrival sequence, set when admitted: the first tie-break after the effective tip. */
  long arrival;
  /** Set once the pending listeners have been told about this transaction. */
  boolean announced;

  PooledTransaction(Transaction tx, Bytes32 hash, Address sender, long size) {
    this.tx = tx;
    this.hash = hash;
    this.sender = sender;
    this.nonce = tx.nonce();
    this.size = size;
    this.gasLimit = tx.gasLimit();
    this.cost =
        BigInteger.valueOf(gasLimit)
            .multiply(tx.maxFeePerGas().toBigInteger())
            .add(tx.value().toBigInteger());
    this.maxFee = saturated(tx.maxFeePerGas());
    this.tip = saturated(tx.maxPriorityFeePerGas());
  }

  /** The tip per gas a block proposer earns at {@code baseFee}: min(tip, maxFee − baseFee); negative if unpayable. */
  long effectiveTip(long baseFee) {
    return Math.min(tip, maxFee - baseFee);
  }

  static long saturated(UInt256 value) {
    return value.fitsLong() ? value.toLong() : Long.MAX_VALUE;
  }
}
