package io.veritas.testnet.node;

import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.chain.types.Address;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.testnet.sync.CommitCertificates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev-mode consensus: the single validator seals a block from the pool at a fixed interval (empty blocks
 * too, so time moves on), signs its precommit and commits both at once. Dev mode has no VRF key; its beacon is
 * keccak256(previous beacon ‖ height), which is predictable and so only fit for development.
 */
public final class DevBlockProducer {
  private static final Logger LOG = LoggerFactory.getLogger(DevBlockProducer.class);

  private final Blockchain chain;
  private final TransactionPool pool;
  private final KeyPair validatorKey;
  private final Duration interval;
  private final Clock clock;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("dev-block-producer").daemon().unstarted(r));

  public DevBlockProducer(Blockchain chain, TransactionPool pool, KeyPair validatorKey, Duration interval, Clock clock) {
    this.chain = chain;
    this.pool = pool;
    this.validatorKey = validatorKey;
    this.interval = interval;
    this.clock = clock;
  }

  public void start() {
    long millis = interval.toMillis();
    scheduler.scheduleAtFixedRate(this::produceSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  public void stop() throws InterruptedException {
    scheduler.shutdown();
    if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
      LOG.warn("block producer did not stop within 30 s");
    }
  }

  private void produceSafely() {
    try {
      produceBlock();
    } catch (RuntimeException e) {
      LOG.error("block production failed at height {}", chain.head().number() + 1, e);
    }
  }

  /** Seals and commits one block; returns it. Runs on the producer's thread, or directly in tests. */
  public synchronized ProposedBlock produceBlock() {
    var parent = chain.head();
    var baseFee = chain.nextBaseFee();
    List<Transaction> candidates =
        pool.selectForBlock(baseFee, chain.parameters().blockGasLimit(), chain.parameters().maxBlockTransactions());
    List<Transaction> dropped = new ArrayList<>();
    Bytes32 beacon = Keccak256.hash(Bytes.concatenate(parent.beacon(), Bytes.ofUnsignedLong(parent.number() + 1)));
    ProposedBlock proposed =
        chain.propose(
            candidates,
            clock.instant().getEpochSecond(),
            validatorKey.address(),
            beacon,
            Bytes.EMPTY,
            parent.validatorsHash(),
            CommitCertificate.EMPTY,
            (tx, reason) -> {
              if (!reason.retryable()) {
                dropped.add(tx);
              }
              LOG.debug("left out tx={} reason={}", tx.hash(), reason.getMessage());
            });
    var header = proposed.block().header();
    // The single validator's precommit finalizes the block; followers check it before executing the block.
    CommitCertificate certificate = new CommitCertificate(header.number(), 0, proposed.block().hash(),
        List.of(CommitCertificates.sign(chain.parameters().chainId(), header.number(), 0, proposed.block(), validatorKey)));
    chain.commit(proposed, certificate);
    List<Transaction> gone = new ArrayList<>(proposed.block().transactions());
    gone.addAll(dropped);
    // The senders and recipients of the block are what the pool re-checks now: read them from the block's
    // post-state while it is in memory, not again from storage.
    List<Address> touched = new ArrayList<>(2 * gone.size() + 1);
    touched.add(validatorKey.address());
    for (Transaction tx : proposed.block().transactions()) {
      touched.add(tx.sender());
      tx.to().ifPresent(touched::add);
    }
    pool.onBlockCommitted(
        gone, PostBlockStateReader.snapshot(proposed.postState(), touched, new HeadStateReader(chain)), chain.nextBaseFee());
    if (!proposed.block().transactions().isEmpty() || header.number() % 60 == 0) {
      LOG.info("block sealed: number={} txs={} gasUsed={} hash={} pool={}",
          header.number(), proposed.block().transactions().size(), header.gasUsed(), proposed.block().hash(), pool.size());
    }
    return proposed;
  }
}
