package io.veritas.chain.execution;

import io.veritas.chain.receipt.Log;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * What one executed transaction did: success or failure, gas used, logs, and for a module call its return
 * data or, when it reverted, the revert data (Solidity's Error(string) encoding) and the plain reason.
 */
public record TransactionOutcome(
    boolean success, long gasUsed, List<Log> logs, Bytes returnData, Optional<String> revertReason) {
  public TransactionOutcome {
    logs = List.copyOf(logs);
  }

  public static TransactionOutcome succeeded(long gasUsed, List<Log> logs, Bytes returnData) {
    return new TransactionOutcome(true, gasUsed, logs, returnData, Optional.empty());
  }

  public static TransactionOutcome reverted(long gasUsed, Bytes revertData, String reason) {
    return new TransactionOutcome(false, gasUsed, List.of(), revertData, Optional.of(reason));
  }
}
