package io.veritas.testnet.consensus;

import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.consensus.engine.EngineConfig;
import io.veritas.consensus.engine.TimeoutConfig;
import io.veritas.consensus.evidence.EvidencePool;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.service.ConsensusService;
import io.veritas.consensus.service.ExecutorEventLoop;
import io.veritas.consensus.service.ValidatorSchedule;
import io.veritas.consensus.signing.Secp256k1Signer;
import io.veritas.consensus.signing.SignedVoteGuard;
import io.veritas.consensus.signing.VoteRecordStoreException;
import io.veritas.consensus.staking.StakingState;
import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorAddress;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import io.veritas.consensus.vrf.VrfKeyPair;
import io.veritas.consensus.wal.FileVoteRecordStore;
import io.veritas.consensus.wal.WalCorruptedException;
import io.veritas.genesis.Genesis;
import io.veritas.genesis.GenesisValidator;
import io.veritas.testnet.sync.BlockImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validator's consensus, wired: the vote WAL ({@code <data-dir>/consensus/votes.wal}, fsync'd before a vote is
 * sent), the secp256k1 key, the genesis validator set, the chain and pool, and gossip. Used instead of the dev-mode
 * block producer when the node has a validator key and the genesis more than one validator.
 *
 * <p>Double-sign evidence found in received votes, or received on the evidence topic, waits in an {@link EvidencePool}
 * until a block this node proposes includes it (or another block does, or it expires).
 *
 * <p>A damaged WAL (a truncated or corrupt tail, e.g. after a disk fault) may have lost own votes, so the node must not
 * sign where it may already have signed: it starts without signing (following the chain, deciding nothing itself),
 * says so in one ERROR line, and once the chain has passed every height those lost votes can be for — at most the
 * height after its head at start, the one it was working on — it keeps the damaged file beside a fresh WAL and starts
 * consensus again, signing from the next height on.
 */
public final class ValidatorConsensus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorConsensus.class);
  /**
   * The share of the round-0 propose timeout a proposed block's execution may take: it is executed twice (built, then
   * checked by each validator) and gossiped in between, and on a loaded machine delivery takes as long again.
   */
  static final int PROPOSAL_EXECUTION_PERCENT = 20;
  /**
   * Round timeouts: propose 2 s + 1 s per round, prevote and precommit 1 s + 0.5 s per round. A proposal must be built,
   * gossiped and re-executed by every validator inside the propose timeout; on a loaded machine (several validators
   * sharing two cores) that takes over a second, and rounds that fail for it only make the next proposal later. Twice
   * the engine's defaults; they only cost time when a round fails (e.g. its proposer is down).
   */
  static final TimeoutConfig TIMEOUTS = new TimeoutConfig(Duration.ofMillis(2000), Duration.ofMillis(1000),
      Duration.ofMillis(1000), Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(500));
  /** Pending double-sign evidence kept at once (a few per misbehaving validator). */
  static final int MAX_PENDING_EVIDENCE = 256;

  private final Genesis genesis;
  private final KeyPair key;
  /** Derived from the validator's account key ({@link VrfKeyDerivation}), as {@code testnet init} writes it to genesis. */
  private final VrfKeyPair vrfKey;
  private final Blockchain chain;
  private final TransactionPool pool;
  private final BlockImporter importer;
  private final ValidatorSchedule schedule;
  private final Secp256k1VoteVerifier verifier = new Secp256k1VoteVerifier();
  private final PeerBlocklist blocklist = new PeerBlocklist();
  private final ConsensusGossip gossip;
  private final EvidencePool evidence;
  private final EvidenceGossip evidenceGossip;
  private final FaultEquivocation fault;
  private final Path walPath;
  private final AtomicBoolean recovering = new AtomicBoolean();
  /** With a damaged WAL, the height the chain must reach before this validator signs again; -1 otherwise. */
  private volatile long resyncHeight = -1;
  private volatile Running running;
  private volatile boolean closed;

  /** One run of the consensus driver with its own loop thread and WAL. */
  private record Running(ConsensusService service, ExecutorEventLoop loop, FileVoteRecordStore votes) {}

  private ValidatorConsensus(Genesis genesis, KeyPair key, Blockchain chain, TransactionPool pool, BlockImporter importer,
      Host host, Path walPath) {
    this.genesis = genesis;
    this.key = key;
    this.vrfKey = VrfKeyDerivation.fromValidatorSecret(key.secretKey().toArrayUnsafe());
    this.chain = chain;
    this.pool = pool;
    this.importer = importer;
    this.walPath = walPath;
    List<Validator> validators = genesis.validators().stream()
        .map((GenesisValidator v) -> new Validator(CommitCertificates.validator(v.address()), v.power()))
        .toList();
    this.schedule = new ValidatorSchedule(validators);
    // Only evidence against a member of the staking set of its height is pooled: throwaway keys cannot fill the pool.
    this.evidence = new EvidencePool(genesis.chainId(), verifier, (validator, height) -> wasValidator(chain, validator, height),
        genesis.staking().evidenceMaxAgeBlocks(), MAX_PENDING_EVIDENCE);
    this.evidenceGossip = new EvidenceGossip(host, genesis.chainId(), evidence, () -> chain.head().number() + 1);
    this.fault = new FaultEquivocation(new Secp256k1Signer(key), genesis.chainId());
    this.gossip = new ConsensusGossip(host, genesis.chainId(), schedule, verifier, blocklist, evidenceGossip::report,
        fault);
  }

  /** Whether {@code validator} was in the staking set of {@code height}, as the head's state records it. */
  private static boolean wasValidator(Blockchain chain, ValidatorAddress validator, long height) {
    try {
      return StakingState.validatorSetAt(chain.headState(), height).contains(CommitCertificates.address(validator));
    } catch (IllegalArgumentException noSetYet) {
      return false; // a height the head's state knows no set for (before genesis or beyond head + 2)
    }
  }

  /** Whether a node with a validator key runs BFT consensus (true) or dev-mode block production (false). */
  public static boolean applies(Genesis genesis) {
    return genesis.validators().size() > 1;
  }

  public static ValidatorConsensus start(Genesis genesis, Path dataDir, KeyPair key, Blockchain chain, TransactionPool pool,
      BlockImporter importer, Host host) throws IOException {
    if (genesis.validators().stream().noneMatch(v -> v.address().equals(key.address()))) {
      LOG.warn("validator key {} is not in the genesis validator set; this node will follow consensus without voting",
          key.address());
    }
    Path walDir = dataDir.resolve("consensus");
    Files.createDirectories(walDir);
    ValidatorConsensus consensus = new ValidatorConsensus(genesis, key, chain, pool, importer, host,
        walDir.resolve("votes.wal"));
    Running first = consensus.run();
    consensus.running = first;
    consensus.gossip.start(first.service());
    consensus.evidenceGossip.start();
    chain.addNewHeadListener(committed -> {
      consensus.evidence.onBlockCommitted(committed.block().header().number(), committed.block().transactions());
      consensus.onNewHead();
    });
    first.service().start();
    consensus.watchForDamagedWal(first.votes());
    LOG.info("consensus started: validator={} validators={} blockTime={}ms wal={}", key.address(),
        genesis.validators().size(), genesis.blockTime().toMillis(), first.votes().path());
    return consensus;
  }

  /** Opens the WAL and builds a driver on it (not started). */
  private Running run() throws IOException {
    FileVoteRecordStore votes;
    try {
      votes = FileVoteRecordStore.open(walPath);
    } catch (VoteRecordStoreException e) {
      throw new IOException("cannot open the vote WAL " + walPath + ": " + e.getMessage(), e);
    }
    long chainId = genesis.chainId();
    SignedVoteGuard guard = new SignedVoteGuard(new Secp256k1Signer(key), votes, chainId);
    EngineConfig config = EngineConfig.defaults(chainId).withTimeouts(TIMEOUTS);
    // Build plus each validator's re-execution must fit the propose timeout with room for gossiping the block.
    Duration executionBudget = config.timeouts().proposeBase().multipliedBy(PROPOSAL_EXECUTION_PERCENT).dividedBy(100);
    ExecutorEventLoop loop = new ExecutorEventLoop("consensus");
    ConsensusService service = new ConsensusService(config, verifier, guard, schedule,
        new ChainConsensus(chain, pool, importer, Clock.systemUTC(), vrfKey, evidence, executionBudget), gossip, loop,
        genesis.blockTime());
    return new Running(service, loop, votes);
  }

  /** With a damaged WAL: say so, and remember the height the chain must pass before signing is safe again. */
  private void watchForDamagedWal(FileVoteRecordStore votes) {
    try {
      votes.load();
    } catch (WalCorruptedException damaged) {
      long head = chain.head().number();
      resyncHeight = Math.max(head + 1, damaged.lastGoodHeight());
      LOG.error("consensus: {}; own votes may be lost, so this validator will not sign until it has re-synced past "
          + "height {} (head now {})", damaged.getMessage(), resyncHeight, head);
      onNewHead();
    }
  }

  private void onNewHead() {
    Running current = running;
    if (current != null) {
      current.service().onChainAdvanced();
    }
    long target = resyncHeight;
    if (target >= 0 && chain.head().number() >= target && recovering.compareAndSet(false, true)) {
      // Not on the committing thread: that may be the old driver's loop, which is about to be stopped.
      Thread.ofPlatform().name("consensus-wal-recovery").daemon().start(this::restartOnFreshWal);
    }
  }

  /** The chain passed every height the lost votes can be for: keep the damaged WAL aside and sign again. */
  private void restartOnFreshWal() {
    if (closed) {
      return;
    }
    Running old = running;
    try {
      old.loop().close();
      old.votes().close();
      Path kept = walPath.resolveSibling(walPath.getFileName() + ".damaged-" + System.currentTimeMillis());
      Files.move(walPath, kept);
      Running fresh = run();
      running = fresh;
      resyncHeight = -1;
      gossip.attach(fresh.service());
      fresh.service().start();
      LOG.info("consensus: re-synced to height {} past the damaged vote WAL (kept as {}); signing resumes with a fresh "
          + "WAL from height {}", chain.head().number(), kept, chain.head().number() + 1);
    } catch (IOException e) {
      LOG.error("consensus: could not replace the damaged vote WAL {}; this validator still does not sign: {}", walPath,
          e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public ConsensusService service() {
    return running.service();
  }

  public String validatorAddress() {
    return key.address().toHexString();
  }

  /** The testing-only partition switch ({@code admin_partition}). */
  public PeerBlocklist blocklist() {
    return blocklist;
  }

  /** The testing-only double-signing switch ({@code admin_faultEquivocate}). */
  public FaultEquivocation faultEquivocation() {
    return fault;
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    gossip.close();
    Running current = running;
    current.loop().close();
    try {
      current.votes().close();
    } catch (IOException e) {
      LOG.error("could not close the vote WAL {}", current.votes().path(), e);
    }
  }
}
