package io.veritas.chain.txpool;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/** The outcome of offering one transaction to the pool. */
public sealed interface AddResult {

  /** True when the transaction is now in the pool (added or replacing another). */
  boolean accepted();

  /**
   * The transaction entered the pool.
   *
   * @param pending true when it is executable now (its nonce continues the sender's contiguous run), false
   *     when it waits in the queue for a nonce gap to fill
   */
  record Added(Bytes32 hash, boolean pending) implements AddResult {
    public Added {
      Objects.requireNonNull(hash, "hash");
    }

    @Override
    public boolean accepted() {
      return true;
    }
  }

  /** The transaction took the place of a pooled one with the same sender and nonce. */
  record Replaced(Bytes32 hash, Bytes32 replacedHash, boolean pending) implements AddResult {
    public Replaced {
      Objects.requireNonNull(hash, "hash");
      Objects.requireNonNull(replacedHash, "replacedHash");
    }

    @Override
    public boolean accepted() {
      return true;
    }
  }

  /** The transaction was refused; {@code message} names the problem and the values involved. */
  record Rejected(RejectReason reason, String message) implements AddResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean accepted() {
      return false;
    }
  }
}
