package io.veritas.chain.blockchain;

import io.veritas.chain.block.Block;
import io.veritas.chain.receipt.Receipt;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The newest committed blocks with their receipts, kept in memory. Wallets, explorers and filters ask mostly
 * for recent blocks and receipts, and reading one from storage decodes the whole block, which recovers the
 * sender of every transaction in it (tens of microseconds each): a receipt lookup in a 5,000-transaction block
 * would otherwise cost a quarter of a CPU-second. Bounded by a block count and a transaction count, always
 * keeping at least the newest block. Thread-safe.
 */
final class RecentBlocks {
  private final int maxBlocks;
  private final long maxTransactions;
  private final ArrayDeque<CommittedBlock> order = new ArrayDeque<>();
  private final Map<Bytes32, CommittedBlock> byHash = new HashMap<>();
  private long transactions;

  RecentBlocks(int maxBlocks, long maxTransactions) {
    if (maxBlocks < 1 || maxTransactions < 0) {
      throw new IllegalArgumentException(
          "recent block cache needs at least one block and a non-negative transaction budget, got " + maxBlocks
              + " blocks, " + maxTransactions + " transactions");
    }
    this.maxBlocks = maxBlocks;
    this.maxTransactions = maxTransactions;
  }

  synchronized void add(CommittedBlock committed) {
    order.addLast(committed);
    byHash.put(committed.block().hash(), committed);
    transactions += committed.block().transactions().size();
    while (order.size() > 1 && (order.size() > maxBlocks || transactions > maxTransactions)) {
      CommittedBlock eldest = order.removeFirst();
      byHash.remove(eldest.block().hash());
      transactions -= eldest.block().transactions().size();
    }
  }

  synchronized Optional<Block> block(Bytes32 hash) {
    CommittedBlock committed = byHash.get(hash);
    return committed == null ? Optional.empty() : Optional.of(committed.block());
  }

  synchronized Optional<List<Receipt>> receipts(Bytes32 hash) {
    CommittedBlock committed = byHash.get(hash);
    return committed == null ? Optional.empty() : Optional.of(committed.receipts());
  }

  synchronized int size() {
    return order.size();
  }
}
