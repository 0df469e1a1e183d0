package io.veritas.testnet.consensus;

import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.consensus.engine.EngineConfig;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.service.ConsensusService;
import io.veritas.consensus.service.ExecutorEventLoop;
import io.veritas.consensus.service.ValidatorSchedule;
import io.veritas.consensus.signing.Secp256k1Signer;
import io.veritas.consensus.signing.SignedVoteGuard;
import io.veritas.consensus.signing.VoteRecordStoreException;
import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.wal.FileVoteRecordStore;
import io.veritas.genesis.Genesis;
import io.veritas.genesis.GenesisValidator;
import io.veritas.testnet.sync.BlockImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validator's consensus, wired: the vote WAL ({@code <data-dir>/consensus/votes.wal}, fsync'd before a vote is
 * sent), the secp256k1 key, the genesis validator set, the chain and pool, and gossip. Used instead of the dev-mode
 * block producer when the node has a validator key and the genesis more than one validator.
 */
public final class ValidatorConsensus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorConsensus.class);
  /** The share of the round-0 propose timeout a proposed block's execution may take (once to build, once to check). */
  static final int PROPOSAL_EXECUTION_PERCENT = 35;

  private final ConsensusService service;
  private final ExecutorEventLoop loop;
  private final FileVoteRecordStore votes;
  private final String validator;

  private ValidatorConsensus(ConsensusService service, ExecutorEventLoop loop, FileVoteRecordStore votes, String validator) {
    this.service = service;
    this.loop = loop;
    this.votes = votes;
    this.validator = validator;
  }

  /** Whether a node with a validator key runs BFT consensus (true) or dev-mode block production (false). */
  public static boolean applies(Genesis genesis) {
    return genesis.validators().size() > 1;
  }

  public static ValidatorConsensus start(Genesis genesis, Path dataDir, KeyPair key, Blockchain chain, TransactionPool pool,
      BlockImporter importer, Host host) throws IOException {
    long chainId = genesis.chainId();
    if (genesis.validators().stream().noneMatch(v -> v.address().equals(key.address()))) {
      LOG.warn("validator key {} is not in the genesis validator set; this node will follow consensus without voting",
          key.address());
    }
    Path walDir = dataDir.resolve("consensus");
    Files.createDirectories(walDir);
    FileVoteRecordStore votes;
    try {
      votes = FileVoteRecordStore.open(walDir.resolve("votes.wal"));
    } catch (VoteRecordStoreException e) {
      throw new IOException("cannot open the vote WAL in " + walDir + ": " + e.getMessage(), e);
    }
    SignedVoteGuard guard = new SignedVoteGuard(new Secp256k1Signer(key), votes, chainId);
    guard.haltReason().ifPresent(reason -> LOG.error("consensus: this validator will not sign: {}", reason));
    List<Validator> validators = genesis.validators().stream()
        .map((GenesisValidator v) -> new Validator(CommitCertificates.validator(v.address()), v.power()))
        .toList();
    ExecutorEventLoop loop = new ExecutorEventLoop("consensus");
    ValidatorSchedule schedule = new ValidatorSchedule(validators);
    Secp256k1VoteVerifier verifier = new Secp256k1VoteVerifier();
    ConsensusGossip gossip = new ConsensusGossip(host, chainId, schedule, verifier);
    EngineConfig config = EngineConfig.defaults(chainId);
    // Build plus each validator's re-execution must fit the propose timeout with room for gossiping the block.
    Duration executionBudget = config.timeouts().proposeBase().multipliedBy(PROPOSAL_EXECUTION_PERCENT).dividedBy(100);
    ConsensusService service = new ConsensusService(config, verifier, guard,
        schedule, new ChainConsensus(chain, pool, importer, Clock.systemUTC(), executionBudget), gossip, loop,
        genesis.blockTime());
    gossip.start(service);
    chain.addNewHeadListener(committed -> service.onChainAdvanced());
    service.start();
    LOG.info("consensus started: validator={} validators={} blockTime={}ms wal={}", key.address(), validators.size(),
        genesis.blockTime().toMillis(), votes.path());
    return new ValidatorConsensus(service, loop, votes, key.address().toHexString());
  }

  public ConsensusService service() {
    return service;
  }

  public String validatorAddress() {
    return validator;
  }

  @Override
  public void close() throws InterruptedException {
    loop.close();
    try {
      votes.close();
    } catch (IOException e) {
      LOG.error("could not close the vote WAL {}", votes.path(), e);
    }
  }
}
