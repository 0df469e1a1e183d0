package io.veritas.chain.execution;

import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.tx.Transaction;
import java.util.List;

/** The result of running a block's transactions: one receipt and outcome per transaction, in order. */
public record BlockExecution(
    List<Transaction> transactions, List<Receipt> receipts, List<TransactionOutcome> outcomes, long gasUsed, LogsBloom bloom) {
  public BlockExecution {
    transactions = List.copyOf(transactions);
    receipts = List.copyOf(receipts);
    outcomes = List.copyOf(outcomes);
    if (transactions.size() != receipts.size() || receipts.size() != outcomes.size()) {
      throw new IllegalArgumentException("one receipt and one outcome per transaction");
    }
  }
}
