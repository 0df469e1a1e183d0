package io.veritas.testnet.sync;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.genesis.GenesisValidator;
import io.veritas.testnet.node.HeadStateReader;
import java.util.List;

/**
 * Imports finalized blocks from the network: checks the commit certificate, then re-executes the block on
 * top of the head and commits both. Blocks at or below the head are already known; blocks further ahead
 * show a gap that range sync fills.
 */
public final class BlockImporter {
  public sealed interface Outcome {
    record Imported(long number) implements Outcome {}

    record Known(long number) implements Outcome {}

    record Gap(long number, long head) implements Outcome {}

    record Invalid(String reason) implements Outcome {}
  }

  private final Blockchain chain;
  private final TransactionPool pool;
  private final List<GenesisValidator> validators;

  public BlockImporter(Blockchain chain, TransactionPool pool, List<GenesisValidator> validators) {
    this.chain = chain;
    this.pool = pool;
    this.validators = List.copyOf(validators);
  }

  public Outcome importBlock(Block block, CommitCertificate certificate) {
    return importBlock(block, certificate, true);
  }

  /**
   * Imports a block; with {@code durable} false its write is not fsync'd (see
   * {@link Blockchain#commit(ProposedBlock, CommitCertificate, boolean)}): range sync makes only a range's last block
   * durable, which carries the ones before it.
   */
  public synchronized Outcome importBlock(Block block, CommitCertificate certificate, boolean durable) {
    long number = block.header().number();
    try {
      CommitCertificates.verify(chain.parameters().chainId(), certificate, block, validators);
    } catch (CommitCertificates.InvalidCertificateException e) {
      return new Outcome.Invalid(e.getMessage());
    }
    long head = chain.head().number();
    if (number <= head) {
      return new Outcome.Known(number);
    }
    if (number > head + 1) {
      return new Outcome.Gap(number, head);
    }
    try {
      chain.commit(chain.validate(block), certificate, durable);
    } catch (InvalidBlockException e) {
      return new Outcome.Invalid(e.getMessage());
    }
    pool.onBlockCommitted(block.transactions(), new HeadStateReader(chain), chain.nextBaseFee());
    return new Outcome.Imported(number);
  }

  /**
   * Commits a block this node's consensus decided (its certificate made by consensus itself), under the same lock
   * as imports, so a block that arrived by gossip or sync first is not committed twice. Returns false when the head
   * is already at or past the block. {@code leftOut} are transactions the proposer could never include; they leave
   * the pool with the block's own.
   */
  public synchronized boolean commitDecided(ProposedBlock proposed, CommitCertificate certificate, List<Transaction> leftOut) {
    if (proposed.block().header().number() <= chain.head().number()) {
      return false;
    }
    chain.commit(proposed, certificate);
    List<Transaction> gone = new java.util.ArrayList<>(proposed.block().transactions());
    gone.addAll(leftOut);
    pool.onBlockCommitted(gone, new HeadStateReader(chain), chain.nextBaseFee());
    return true;
  }
}
