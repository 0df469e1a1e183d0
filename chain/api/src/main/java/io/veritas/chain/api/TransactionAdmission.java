package io.veritas.chain.api;

import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.txpool.AddResult;
import io.veritas.chain.txpool.RejectReason;
import io.veritas.chain.txpool.TransactionPool;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * How a transaction enters the node, whether from JSON-RPC or from gossip: the pool's rules plus the ones
 * only the node knows — there is no EVM, so no contract creation and no calldata except to a native module.
 * An oversized transaction is left to the pool, so its size is the first thing reported.
 */
public final class TransactionAdmission {
  private final TransactionPool pool;
  private final ModuleRegistry modules;

  public TransactionAdmission(TransactionPool pool, ModuleRegistry modules) {
    this.pool = pool;
    this.modules = modules;
  }

  public AddResult admit(Transaction tx) {
    return admit(tx, tx.encoded(), tx.hash());
  }

  /** As {@link #admit(Transaction)}, for a caller that already holds the encoding and its hash. */
  public AddResult admit(Transaction tx, Bytes encoded, Bytes32 hash) {
    if (encoded.size() <= pool.config().maxTransactionSize()) {
      if (tx.to().isEmpty()) {
        return new AddResult.Rejected(RejectReason.INVALID, "contract creation is not supported: Veritas has no EVM");
      }
      if (!tx.data().isEmpty() && !modules.isModule(tx.to().get())) {
        return new AddResult.Rejected(RejectReason.INVALID, "calldata to plain account " + tx.to().get()
            + " is not accepted (there is no EVM); only native module addresses take calldata");
      }
    }
    return pool.add(tx, encoded, hash);
  }
}
