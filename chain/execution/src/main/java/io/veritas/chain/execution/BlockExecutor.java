package io.veritas.chain.execution;

import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionValidity;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs transactions against a world state, in order. Two uses: {@link #executeBlock} for a block received
 * from elsewhere (any transaction that cannot be included makes the whole block invalid), and
 * {@link #buildBlock} for a block this node proposes (such transactions are skipped and reported).
 */
public final class BlockExecutor {
  private final TransactionProcessor processor;

  public BlockExecutor(TransactionProcessor processor) {
    this.processor = processor;
  }

  public TransactionProcessor processor() {
    return processor;
  }

  public BlockExecution executeBlock(WorldState state, BlockContext block, List<Transaction> transactions)
      throws InvalidBlockException {
    Accumulator acc = new Accumulator();
    for (int i = 0; i < transactions.size(); i++) {
      Transaction tx = transactions.get(i);
      try {
        processor.checkIncludable(state, block, tx, acc.gasUsed);
      } catch (TransactionNotIncludableException e) {
        throw new InvalidBlockException(
            "block " + block.number() + " transaction " + i + " (" + tx.hash() + ") is not includable: " + e.getMessage());
      }
      acc.add(tx, processor.apply(state, block, tx));
    }
    return acc.result();
  }

  /**
   * Takes candidates in order and keeps those that can be included, until {@code maxTransactions} or the gas
   * limit. Each skipped transaction is passed to {@code onSkipped} with the reason.
   */
  public BlockExecution buildBlock(
      WorldState state,
      BlockContext block,
      Iterable<Transaction> candidates,
      int maxTransactions,
      SkipListener onSkipped) {
    Accumulator acc = new Accumulator();
    for (Transaction tx : candidates) {
      if (acc.transactions.size() >= maxTransactions || block.gasLimit() - acc.gasUsed < TransactionValidity.TX_BASE_GAS) {
        break;
      }
      try {
        processor.checkIncludable(state, block, tx, acc.gasUsed);
      } catch (TransactionNotIncludableException e) {
        onSkipped.skipped(tx, e);
        continue;
      }
      acc.add(tx, processor.apply(state, block, tx));
    }
    return acc.result();
  }

  /** Told about each candidate a block builder leaves out, and why. */
  @FunctionalInterface
  public interface SkipListener {
    void skipped(Transaction tx, TransactionNotIncludableException reason);
  }

  private static final class Accumulator {
    final List<Transaction> transactions = new ArrayList<>();
    final List<Receipt> receipts = new ArrayList<>();
    final List<TransactionOutcome> outcomes = new ArrayList<>();
    final List<Log> allLogs = new ArrayList<>();
    long gasUsed;

    void add(Transaction tx, TransactionOutcome outcome) {
      gasUsed += outcome.gasUsed();
      transactions.add(tx);
      outcomes.add(outcome);
      receipts.add(new Receipt(tx.type(), outcome.success(), gasUsed, LogsBloom.of(outcome.logs()), outcome.logs()));
      allLogs.addAll(outcome.logs());
    }

    BlockExecution result() {
      return new BlockExecution(transactions, receipts, outcomes, gasUsed, LogsBloom.of(allLogs));
    }
  }
}
