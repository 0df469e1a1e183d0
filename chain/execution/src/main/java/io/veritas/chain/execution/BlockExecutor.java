package io.veritas.chain.execution;

import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.module.ProtocolDuties;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionValidity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transactions against a world state, in order. Two uses: {@link #executeBlock} for a block received
 * from elsewhere (any transaction that cannot be included makes the whole block invalid), and
 * {@link #buildBlock} for a block this node proposes (such transactions are skipped and reported).
 *
 * <p>Every block starts with its protocol transactions: first the calls the modules' {@link ProtocolDuties}
 * ask for (exactly those, in ascending module address order), then any double-sign evidence the proposer
 * includes ({@link ProtocolTransaction#EVIDENCE}, valid only if it executes successfully), then user
 * transactions.
 */
public final class BlockExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(BlockExecutor.class);

  private final TransactionProcessor processor;
  private final List<NativeModule> dutyModules;

  public BlockExecutor(TransactionProcessor processor) {
    this.processor = processor;
    this.dutyModules =
        processor.modules().registry().modules().stream()
            .filter(m -> m instanceof ProtocolDuties)
            .sorted(Comparator.comparing(m -> m.address().bytes().toUnsignedBigInteger()))
            .toList();
  }

  public TransactionProcessor processor() {
    return processor;
  }

  /**
   * The protocol transactions block {@code block} must begin with, decided from {@code state} (the parent's
   * post-state, before any of the block's transactions). Leaves {@code state} as it was.
   */
  public List<ProtocolTransaction> dueProtocolTransactions(WorldState state, BlockContext block) {
    List<ProtocolTransaction> due = new ArrayList<>();
    for (NativeModule module : dutyModules) {
      state.checkpoint();
      List<ProtocolCall> calls;
      try {
        calls = ((ProtocolDuties) module).dueCalls(new ModuleStateView(state), block);
      } finally {
        state.revertToCheckpoint();
      }
      for (ProtocolCall call : calls) {
        if (call.type() == ProtocolTransaction.EVIDENCE) {
          throw new IllegalStateException(module.name() + " asked for an evidence protocol call; evidence comes from the proposer");
        }
        if (!call.module().equals(module.address())) {
          throw new IllegalStateException(module.name() + " asked for a protocol call to another module " + call.module());
        }
        due.add(call.toTransaction(processor.chainId(), block.number(), due.size()));
      }
    }
    return due;
  }

  public BlockExecution executeBlock(WorldState state, BlockContext block, List<Transaction> transactions)
      throws InvalidBlockException {
    Accumulator acc = new Accumulator();
    List<ProtocolTransaction> due = dueProtocolTransactions(state, block);
    if (transactions.size() < due.size()) {
      throw new InvalidBlockException(
          "block " + block.number() + " has " + transactions.size() + " transactions but must begin with " + due.size() + " protocol transactions");
    }
    for (int i = 0; i < due.size(); i++) {
      Transaction tx = transactions.get(i);
      ProtocolTransaction expected = due.get(i);
      if (!(tx instanceof ProtocolTransaction p) || !p.equals(expected)) {
        throw new InvalidBlockException(
            "block " + block.number() + " transaction " + i + " should be the " + expected.kind() + " protocol transaction "
                + expected.hash() + " every node computes, but is " + tx.hash());
      }
      acc.add(p, processor.applyProtocol(state, block, p));
    }
    boolean userTransactionsStarted = false;
    for (int i = due.size(); i < transactions.size(); i++) {
      Transaction tx = transactions.get(i);
      if (tx instanceof ProtocolTransaction p) {
        checkEvidence(block, p, i, userTransactionsStarted);
        TransactionOutcome outcome = processor.applyProtocol(state, block, p);
        if (!outcome.success()) {
          throw new InvalidBlockException(
              "block " + block.number() + " evidence transaction " + i + " (" + p.hash() + ") is invalid: " + outcome.revertReason().orElse("reverted"));
        }
        acc.add(p, outcome);
        continue;
      }
      userTransactionsStarted = true;
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

  private void checkEvidence(BlockContext block, ProtocolTransaction p, int position, boolean afterUserTransactions)
      throws InvalidBlockException {
    String where = "block " + block.number() + " transaction " + position + " (" + p.hash() + ")";
    if (p.type() != ProtocolTransaction.EVIDENCE) {
      throw new InvalidBlockException(where + " is a " + p.kind() + " protocol transaction no module asked for");
    }
    if (afterUserTransactions) {
      throw new InvalidBlockException(where + " is evidence after user transactions; evidence goes before them");
    }
    if (p.index() != position || p.blockNumber() != block.number() || p.chainIdValue() != processor.chainId()) {
      throw new InvalidBlockException(
          where + " is evidence for chain " + p.chainIdValue() + " block " + p.blockNumber() + " index " + p.index()
              + ", not chain " + processor.chainId() + " block " + block.number() + " index " + position);
    }
  }

  /**
   * Builds a block: the due protocol transactions, then each of {@code evidence} that executes successfully (the
   * others are dropped and logged), then the candidates in order, keeping those that can be included, until
   * {@code maxTransactions} user transactions or the gas limit. Each skipped candidate is passed to {@code
   * onSkipped} with the reason.
   */
  public BlockExecution buildBlock(
      WorldState state,
      BlockContext block,
      List<ProtocolCall> evidence,
      Iterable<Transaction> candidates,
      int maxTransactions,
      SkipListener onSkipped) {
    Accumulator acc = new Accumulator();
    for (ProtocolTransaction p : dueProtocolTransactions(state, block)) {
      acc.add(p, processor.applyProtocol(state, block, p));
    }
    for (ProtocolCall call : evidence) {
      if (call.type() != ProtocolTransaction.EVIDENCE) {
        throw new IllegalArgumentException("the proposer may only add evidence protocol calls, not type " + call.type());
      }
      ProtocolTransaction p = call.toTransaction(processor.chainId(), block.number(), acc.transactions.size());
      TransactionOutcome outcome = processor.applyProtocol(state, block, p);
      if (outcome.success()) {
        acc.add(p, outcome);
      } else {
        LOG.warn("evidence left out of block {}: {}", block.number(), outcome.revertReason().orElse("reverted"));
      }
    }
    int userTransactions = 0;
    for (Transaction tx : candidates) {
      if (userTransactions >= maxTransactions || block.gasLimit() - acc.gasUsed < TransactionValidity.TX_BASE_GAS) {
        break;
      }
      try {
        processor.checkIncludable(state, block, tx, acc.gasUsed);
      } catch (TransactionNotIncludableException e) {
        onSkipped.skipped(tx, e);
        continue;
      }
      acc.add(tx, processor.apply(state, block, tx));
      userTransactions++;
    }
    return acc.result();
  }

  /** As {@link #buildBlock(WorldState, BlockContext, List, Iterable, int, SkipListener)} without evidence. */
  public BlockExecution buildBlock(
      WorldState state, BlockContext block, Iterable<Transaction> candidates, int maxTransactions, SkipListener onSkipped) {
    return buildBlock(state, block, List.of(), candidates, maxTransactions, onSkipped);
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
