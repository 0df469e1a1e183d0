package io.veritas.testnet.consensus;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.chain.types.Address;
import io.veritas.consensus.beacon.BeaconOutput;
import io.veritas.consensus.beacon.BeaconProducer;
import io.veritas.consensus.beacon.BeaconVerifier;
import io.veritas.consensus.beacon.InvalidBeaconException;
import io.veritas.consensus.evidence.EvidencePool;
import io.veritas.consensus.service.ConsensusChain;
import io.veritas.consensus.staking.StakedValidatorSet;
import io.veritas.consensus.staking.StakingState;
import io.veritas.consensus.vrf.VrfKeyPair;
import io.veritas.testnet.sync.BlockImporter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's blockchain and transaction pool as consensus sees them. Blocks are built from the pool like dev-mode
 * blocks and carry the randomness beacon: the proposer's VRF proof over the parent's beacon ‖ height and the beacon it
 * yields ({@link BeaconProducer}), which every validator checks under the proposer's VRF key from the staking set of
 * that height ({@link BeaconVerifier}); and the hash of that staking set ({@link StakingState#validatorSetAt}, read
 * from the parent's state: a change made in block H counts from H + 2). Executions of built and validated blocks are
 * kept until the next commit, so a decided block is written without executing it again. Used from the consensus
 * thread only.
 */
public final class ChainConsensus implements ConsensusChain {
  private static final Logger LOG = LoggerFactory.getLogger(ChainConsensus.class);
  /** How far ahead of our clock a proposer's timestamp may be. */
  static final Duration MAX_CLOCK_DRIFT = Duration.ofSeconds(15);
  /**
   * Transaction bytes per proposed block: a proposal gossips its whole block, and gossip refuses messages over
   * 1 MiB ({@link ConsensusGossip#MAX_PROPOSAL_BYTES}); the rest is left for the header, the last commit and framing.
   */
  public static final int DEFAULT_MAX_TRANSACTION_BYTES = 768 << 10;
  /** Before any block is measured, a transfer is assumed to take this long to execute (a slow, loaded machine). */
  static final Duration INITIAL_TIME_PER_TRANSACTION = Duration.ofNanos(200_000);
  /** However slow execution measures, a block may carry this many transactions (progress under any load). */
  static final int MIN_TRANSACTIONS_PER_BLOCK = 100;
  /** Evidence calls one block carries at most (the rest waits for the next blocks, inside the evidence window). */
  static final int MAX_EVIDENCE_PER_BLOCK = 16;

  private final Blockchain chain;
  private final VrfKeyPair vrfKey;
  private final EvidencePool evidence;
  private final TransactionPool pool;
  private final BlockImporter importer;
  private final Clock clock;
  private final int maxTransactionBytes;
  private final ProposalBudget budget;
  private final Map<Bytes32, ProposedBlock> executed = new HashMap<>();
  private final Map<Bytes32, List<Transaction>> leftOut = new HashMap<>();

  /**
   * @param vrfKey this validator's VRF key pair, for the beacon of the blocks it proposes
   * @param evidence pending double-sign evidence, included by the blocks this node proposes
   * @param executionBudget how long building (and so each validator's re-execution of) a proposed block should take;
   *     the number of transactions that fits is measured as blocks are built and validated
   */
  public ChainConsensus(Blockchain chain, TransactionPool pool, BlockImporter importer, Clock clock, VrfKeyPair vrfKey,
      EvidencePool evidence, Duration executionBudget) {
    this(chain, pool, importer, clock, vrfKey, evidence, DEFAULT_MAX_TRANSACTION_BYTES, new ProposalBudget(executionBudget,
        MIN_TRANSACTIONS_PER_BLOCK, chain.parameters().maxBlockTransactions(), INITIAL_TIME_PER_TRANSACTION));
  }

  /**
   * @param maxTransactionBytes the most transaction bytes a block this node proposes carries
   * @param budget the most transactions a block this node proposes carries, from measured execution speed
   */
  public ChainConsensus(Blockchain chain, TransactionPool pool, BlockImporter importer, Clock clock, VrfKeyPair vrfKey,
      EvidencePool evidence, int maxTransactionBytes, ProposalBudget budget) {
    if (maxTransactionBytes <= 0) {
      throw new IllegalArgumentException("max transaction bytes per block must be positive, got " + maxTransactionBytes);
    }
    this.chain = chain;
    this.vrfKey = vrfKey;
    this.evidence = evidence;
    this.pool = pool;
    this.importer = importer;
    this.clock = clock;
    this.maxTransactionBytes = maxTransactionBytes;
    this.budget = budget;
  }

  @Override
  public BlockHeader head() {
    return chain.head();
  }

  @Override
  public Block propose(Address proposer, CommitCertificate lastCommit) {
    BlockHeader parent = chain.head();
    long height = parent.number() + 1;
    StakedValidatorSet validators = StakingState.validatorSetAt(chain.headState(), height);
    BeaconOutput beacon = BeaconProducer.produce(vrfKey, parent.beacon(), height);
    int maxTransactions = budget.maxTransactions();
    List<Transaction> candidates = withinBytes(
        pool.selectForBlock(chain.nextBaseFee(), chain.parameters().blockGasLimit(), maxTransactions));
    List<Transaction> dropped = new ArrayList<>();
    List<ProtocolCall> evidenceCalls = evidence.proposalCalls(height, MAX_EVIDENCE_PER_BLOCK);
    long started = System.nanoTime();
    Iterable<Transaction> inTime = untilDeadline(candidates, budget.budgetNanos());
    ProposedBlock proposed = chain.propose(evidenceCalls, inTime, clock.instant().getEpochSecond(), proposer,
        beacon.beacon(), beacon.vrfProof(), validators.hash(), lastCommit, (tx, reason) -> {
          if (!reason.retryable()) {
            dropped.add(tx);
          }
          LOG.debug("left out tx={} reason={}", tx.hash(), reason.getMessage());
        });
    long elapsed = System.nanoTime() - started;
    if (!evidenceCalls.isEmpty()) {
      // Evidence whose call reverted (already processed, not a validator then) never becomes includable.
      evidence.discardLeftOut(evidenceCalls, proposed.block().transactions());
    }
    int included = proposed.block().transactions().size();
    budget.record(included, elapsed);
    if (included > 0) {
      LOG.info("consensus: built block {} txs={} limit={} buildMs={} usPerTx={}", height, included,
          maxTransactions, elapsed / 1_000_000, Math.round(budget.nanosPerTransaction() / 1000));
    }
    executed.put(proposed.block().hash(), proposed);
    leftOut.put(proposed.block().hash(), dropped);
    return proposed.block();
  }

  /**
   * {@code candidates} in order, ending once {@code budgetNanos} have passed since the first candidate was asked for:
   * the block is sealed with what was executed by then. The measured speed sizes a block for its budget; this bounds
   * the build when the machine slows down in the middle of it. The clock starts at the first transaction, not before
   * {@code Blockchain.propose} (waiting for its lock, opening the head state, running the protocol transactions), so a
   * slow start never seals an empty block while transactions wait. A prefix, so each sender's nonce order holds.
   */
  static Iterable<Transaction> untilDeadline(List<Transaction> candidates, long budgetNanos) {
    return () -> new Iterator<>() {
      private int next;
      private boolean clockStarted;
      private long deadlineNanos;

      @Override
      public boolean hasNext() {
        if (next >= candidates.size()) {
          return false;
        }
        long now = System.nanoTime();
        if (!clockStarted) {
          clockStarted = true;
          deadlineNanos = now + budgetNanos;
        }
        return now - deadlineNanos < 0;
      }

      @Override
      public Transaction next() {
        if (!hasNext()) {
          throw new NoSuchElementException("proposal candidates exhausted or build deadline passed");
        }
        return candidates.get(next++);
      }
    };
  }

  /** The longest prefix of {@code candidates} within the byte budget (a prefix keeps each sender's nonce order). */
  private List<Transaction> withinBytes(List<Transaction> candidates) {
    long bytes = 0;
    for (int i = 0; i < candidates.size(); i++) {
      bytes += candidates.get(i).encoded().size();
      if (bytes > maxTransactionBytes) {
        return candidates.subList(0, i);
      }
    }
    return candidates;
  }

  @Override
  public Optional<String> validate(Block block) {
    BlockHeader parent = chain.head();
    BlockHeader header = block.header();
    if (header.number() <= parent.number()) {
      // Sync finalized this height while consensus was still on it: the block is valid exactly if it is that one.
      boolean finalized = chain.header(header.number()).map(h -> h.hash().equals(block.hash())).orElse(false);
      return finalized ? Optional.empty()
          : Optional.of("height " + header.number() + " is already finalized with another block");
    }
    StakedValidatorSet validators = StakingState.validatorSetAt(chain.headState(), header.number());
    if (!header.validatorsHash().equals(validators.hash())) {
      return Optional.of("validators hash " + header.validatorsHash() + " should be " + validators.hash()
          + ", the staking set of height " + header.number());
    }
    try {
      BeaconVerifier.verifyHeader(header, parent.beacon(), validators);
    } catch (InvalidBeaconException e) {
      return Optional.of(e.getMessage());
    }
    long latest = clock.instant().plus(MAX_CLOCK_DRIFT).getEpochSecond();
    if (header.timestamp() > latest) {
      return Optional.of("timestamp " + header.timestamp() + " is more than " + MAX_CLOCK_DRIFT.toSeconds() + " s ahead of ours");
    }
    try {
      long started = System.nanoTime();
      executed.put(block.hash(), chain.validate(block));
      long elapsed = System.nanoTime() - started;
      budget.record(block.transactions().size(), elapsed);
      if (!block.transactions().isEmpty()) {
        LOG.info("consensus: validated block {} txs={} validateMs={}", header.number(), block.transactions().size(),
            elapsed / 1_000_000);
      }
      return Optional.empty();
    } catch (InvalidBlockException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public boolean commit(Block block, CommitCertificate certificate) {
    ProposedBlock proposed = executed.get(block.hash());
    if (proposed == null || !proposed.block().header().parentHash().equals(chain.head().hash())) {
      if (block.header().number() <= chain.head().number()) {
        return false;
      }
      try {
        proposed = chain.validate(block);
      } catch (InvalidBlockException e) {
        // Consensus decided it, so +2/3 found it valid: our state must differ from theirs.
        throw new IllegalStateException("decided block " + block.header().number() + " " + block.hash()
            + " does not validate here: " + e.getMessage(), e);
      }
    }
    budget.onDecided(certificate.round());
    boolean committed = importer.commitDecided(proposed, certificate, leftOut.getOrDefault(block.hash(), List.of()));
    executed.clear();
    leftOut.clear();
    return committed;
  }

  @Override
  public Optional<CommitCertificate> commitCertificate(long height) {
    return chain.commitCertificate(height);
  }
}
