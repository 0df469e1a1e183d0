package io.veritas.testnet.bench;

import io.veritas.chain.api.TransactionAdmission;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.ProposedBlock;
import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.p2p.gossip.GossipConfig;
import io.veritas.chain.p2p.gossip.TopicOptions;
import io.veritas.chain.p2p.gossip.ValidationResult;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.p2p.host.HostConfig;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.Secp256k1PrivateKey;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.storage.KeyValueStore;
import io.veritas.chain.storage.RocksDbKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.chain.txpool.TxPoolConfig;
import io.veritas.genesis.Genesis;
import io.veritas.genesis.GenesisParser;
import io.veritas.genesis.InvalidGenesisException;
import io.veritas.testnet.node.HeadStateReader;
import io.veritas.testnet.p2p.ChainNetwork;
import io.veritas.testnet.sync.BlockImporter;
import io.veritas.testnet.sync.CommitCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The p2p benchmark, in this process:
 *
 * <ol>
 *   <li>gossip: {@code nodes} libp2p hosts on 127.0.0.1 in one gossipsub mesh, all subscribed to one StrictNoSign,
 *       content-addressed topic (like the node's topics); publishers rotate over the nodes; each message carries its
 *       send time, and every delivery to each of the other nodes is timed. At most {@code window} messages are in
 *       flight (published but not yet delivered to every other node); with a rate, publishing is also paced.
 *   <li>sync: a chain of {@code syncBlocks} blocks with signed transfers and commit certificates is built (timed
 *       apart and not counted), served by one node through {@link ChainNetwork}, and a fresh node on its own RocksDB
 *       store range-syncs all of it (certificate checks, re-execution and commits included).
 * </ol>
 */
public final class P2pBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(P2pBenchmark.class);
  private static final String TOPIC = "/veritas/bench/gossip/1";
  private static final Duration STALL_LIMIT = Duration.ofSeconds(30);

  private P2pBenchmark() {}

  /**
   * @param warmupMessages published (and fully delivered) before the measurement starts; not counted
   * @param window most messages published but not yet delivered to every other node
   * @param rate offered messages per second; 0 publishes as fast as the window allows
   * @param dials peers each node dials, at distances 1, 2, 4, ... around a ring (3 gives every node of 10 six peers,
   *     gossipsub's D)
   * @param transfersPerBlock signed transfers in each block of the sync chain (from distinct dev accounts)
   * @param idontwantMinSize gossipsub v1.2: messages of at least this many bytes are announced with IDONTWANT
   *     (a size above {@code messageSize} turns IDONTWANT off, for comparison)
   */
  public record Config(int nodes, int dials, int messages, int messageSize, int warmupMessages, int window, int rate,
      int syncBlocks, int transfersPerBlock, int idontwantMinSize) {
    public Config {
      if (idontwantMinSize < 0) {
        throw new IllegalArgumentException("the IDONTWANT size threshold must be >= 0, got " + idontwantMinSize);
      }
      if (dials < 1 || dials > 16) {
        throw new IllegalArgumentException("each node dials 1 to 16 others, got " + dials);
      }
      if (nodes < 2) {
        throw new IllegalArgumentException("the gossip mesh needs at least 2 nodes, got " + nodes);
      }
      if (messages < 1 || warmupMessages < 0 || window < 1 || rate < 0) {
        throw new IllegalArgumentException("need messages >= 1, warmup >= 0, window >= 1, rate >= 0; got " + messages
            + ", " + warmupMessages + ", " + window + ", " + rate);
      }
      if (messageSize < MessageStamp.LENGTH) {
        throw new IllegalArgumentException("messages carry a " + MessageStamp.LENGTH + "-byte stamp; size " + messageSize
            + " is too small");
      }
      if (syncBlocks < 0 || transfersPerBlock < 0 || transfersPerBlock > 10) {
        throw new IllegalArgumentException("need syncBlocks >= 0 and 0..10 transfers per block (the dev accounts), got "
            + syncBlocks + ", " + transfersPerBlock);
      }
    }
  }

  /** The gossip figures; latencies are from publish to delivery at each receiver. */
  public record GossipResult(int nodes, int messageSize, int messages, long deliveries, double seconds,
      double messagesPerSecond, double deliveriesPerSecond, double p50LatencyMs, double p99LatencyMs,
      double maxLatencyMs, double cpuMillisPerMessage) {}

  /** The sync figures; setup (building and signing the served chain) is not part of {@code seconds}. */
  public record SyncResult(int blocks, int transactions, double setupSeconds, double seconds, double blocksPerSecond) {}

  public static GossipResult runGossip(Config config) throws InterruptedException, TimeoutException {
    List<Host> hosts = new ArrayList<>();
    try {
      SecureRandom random = new SecureRandom();
      for (int i = 0; i < config.nodes(); i++) {
        hosts.add(Host.start(HostConfig.builder(Secp256k1PrivateKey.generate(random))
            .listen("/ip4/127.0.0.1/tcp/0")
            .maxPeers(config.nodes() + 8)
            .ioThreads(1) // many hosts share two cores: one event loop each keeps thread switching down
            .gossip(GossipConfig.builder().idontwant(config.idontwantMinSize(), GossipConfig.defaults()
                .maxIDontWantPerHeartbeat()).build())
            .agentVersion("veritas-bench")
            .build()));
      }
      int total = config.warmupMessages() + config.messages();
      DeliveryTracker tracker = new DeliveryTracker(total, config.nodes());
      for (int i = 0; i < hosts.size(); i++) {
        int node = i;
        hosts.get(i).gossip().subscribe(TOPIC, TopicOptions.strictNoSignSha256(), m -> ValidationResult.ACCEPT,
            m -> tracker.delivered(node, MessageStamp.decode(m.data()), System.nanoTime()));
      }
      connectMesh(hosts, config.dials());
      return publishAndMeasure(config, hosts, tracker);
    } finally {
      hosts.forEach(Host::close);
    }
  }

  private static void connectMesh(List<Host> hosts, int dials) throws InterruptedException, TimeoutException {
    int n = hosts.size();
    Set<Long> pairs = new HashSet<>();
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dials; d++) {
        int j = (int) ((i + (1L << d)) % n);
        if (j == i || !pairs.add((long) Math.min(i, j) * n + Math.max(i, j))) {
          continue;
        }
        Multiaddr target = hosts.get(j).listenAddrs().getFirst();
        try {
          hosts.get(i).dial(target).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("node " + i + " could not dial node " + j + " at " + target + ": " + e.getCause(), e);
        }
      }
    }
    // The mesh forms over heartbeats: wait until every node knows each peer's subscription and has a mesh.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      String notReady = null;
      for (int i = 0; i < n && notReady == null; i++) {
        Host host = hosts.get(i);
        Set<PeerId> peers = host.peers();
        Set<PeerId> subscribed = get(host.gossip().topicPeers(TOPIC));
        Set<PeerId> mesh = get(host.gossip().meshPeers(TOPIC));
        if (subscribed.size() < Math.min(peers.size(), 2) || mesh.isEmpty()) {
          notReady = "node " + i + " has " + peers.size() + " peers, " + subscribed.size() + " of them subscribed, "
              + mesh.size() + " in its mesh";
        }
      }
      if (notReady == null) {
        for (int i = 0; i < n; i++) {
          Host host = hosts.get(i);
          LOG.info("gossip bench node={} peers={} subscribed={} mesh={}", i, host.peers().size(),
              get(host.gossip().topicPeers(TOPIC)).size(), get(host.gossip().meshPeers(TOPIC)).size());
        }
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the gossip mesh of " + n + " nodes did not form within 30 s: " + notReady);
      }
      Thread.sleep(100);
    }
  }

  private static <T> T get(java.util.concurrent.CompletableFuture<T> future) throws InterruptedException {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      throw new IllegalStateException("gossip query failed: " + e, e);
    }
  }

  private static GossipResult publishAndMeasure(Config config, List<Host> hosts, DeliveryTracker tracker)
      throws InterruptedException, TimeoutException {
    int n = hosts.size();
    int total = config.warmupMessages() + config.messages();
    Semaphore window = tracker.window(config.window());
    AtomicReference<Throwable> publishFailure = new AtomicReference<>();
    long measureStart = System.nanoTime();
    long cpuStart = processCpuNanos();
    for (int seq = 0; seq < total; seq++) {
      if (seq == config.warmupMessages()) {
        awaitAllDelivered(window, config.window(), seq);
        measureStart = System.nanoTime();
        cpuStart = processCpuNanos();
      }
      if (config.rate() > 0 && seq >= config.warmupMessages()) {
        long due = measureStart + (long) ((seq - config.warmupMessages()) * (1e9 / config.rate()));
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
          LockSupport.parkNanos(wait);
        }
      }
      if (!window.tryAcquire(STALL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new TimeoutException("gossip stalled: " + config.window() + " messages in flight and none delivered to all "
            + (n - 1) + " receivers for " + STALL_LIMIT.toSeconds() + " s (published " + seq + ")");
      }
      Throwable failed = publishFailure.get();
      if (failed != null) {
        throw new IllegalStateException("publishing failed: " + failed, failed);
      }
      byte[] data = new MessageStamp(seq, System.nanoTime()).encode(config.messageSize());
      hosts.get(seq % n).gossip().publish(TOPIC, data).whenComplete((r, e) -> {
        if (e != null) {
          publishFailure.compareAndSet(null, e);
          window.release();
        }
      });
    }
    awaitAllDelivered(window, config.window(), total);
    double cpuMillisPerMessage = (processCpuNanos() - cpuStart) / 1e6 / config.messages();
    double seconds = (tracker.lastCompletionNanos() - measureStart) / 1e9;
    long deliveries = (long) config.messages() * (n - 1);
    Percentiles latency = new Percentiles(tracker.latencies(config.warmupMessages(), total));
    return new GossipResult(n, config.messageSize(), config.messages(), deliveries, seconds, config.messages() / seconds,
        deliveries / seconds, latency.millis(50), latency.millis(99), latency.millis(100), cpuMillisPerMessage);
  }

  /**
   * CPU time of this whole process (all hosts, JIT and GC included). On a shared machine, CPU per message is the
   * figure that other load does not distort; messages/s and latency are.
   */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    throw new IllegalStateException("this JVM does not report process CPU time (com.sun.management missing)");
  }

  private static void awaitAllDelivered(Semaphore window, int permits, int published)
      throws InterruptedException, TimeoutException {
    if (!window.tryAcquire(permits, STALL_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
      throw new TimeoutException("after " + published + " messages, " + (permits - window.availablePermits())
          + " were still not delivered to every receiver " + STALL_LIMIT.toSeconds() + " s later");
    }
    window.release(permits);
  }

  /**
   * Counts each message's deliveries (handlers run on the nodes' gossip threads) and frees a window slot when a
   * message has reached all other nodes. Each latency is written before the delivery that covers it is counted, so a
   * reader that has seen a message complete sees all of its latencies.
   */
  private static final class DeliveryTracker {
    private final int nodes;
    private final int receivers;
    private final AtomicIntegerArray claimed;
    private final AtomicIntegerArray recorded;
    private final AtomicLongArray latencyNanos;
    private final AtomicLong lastCompletion = new AtomicLong();
    private Semaphore window;

    DeliveryTracker(int messages, int nodes) {
      this.nodes = nodes;
      this.receivers = nodes - 1;
      claimed = new AtomicIntegerArray(messages);
      recorded = new AtomicIntegerArray(messages);
      latencyNanos = new AtomicLongArray(messages * receivers);
    }

    Semaphore window(int size) {
      window = new Semaphore(size);
      return window;
    }

    void delivered(int node, MessageStamp stamp, long nowNanos) {
      int seq = Math.toIntExact(stamp.sequence());
      if (seq >= claimed.length() || seq % nodes == node) {
        throw new IllegalStateException("node " + node + " got message " + seq + ", which it did not expect");
      }
      int slot = claimed.getAndIncrement(seq);
      if (slot >= receivers) {
        throw new IllegalStateException("message " + seq + " delivered more than once to some node");
      }
      latencyNanos.set(seq * receivers + slot, nowNanos - stamp.sentNanos());
      if (recorded.incrementAndGet(seq) == receivers) {
        lastCompletion.accumulateAndGet(nowNanos, Math::max);
        window.release();
      }
    }

    long lastCompletionNanos() {
      return lastCompletion.get();
    }

    long[] latencies(int fromSeq, int toSeq) {
      long[] out = new long[(toSeq - fromSeq) * receivers];
      for (int i = 0; i < out.length; i++) {
        out[i] = latencyNanos.get(fromSeq * receivers + i);
      }
      return out;
    }
  }

  // ---------------------------------------------------------------------------------------------- block sync

  /** One chain with everything a node keeps around it, on its own RocksDB store. */
  private record NodeChain(KeyValueStore store, Blockchain chain, TransactionPool pool, BlockImporter importer,
      ModuleRegistry modules) implements AutoCloseable {
    static NodeChain open(Path dir, Genesis genesis) {
      KeyValueStore store = RocksDbKeyValueStore.open(dir);
      var params = genesis.parameters();
      ModuleRegistry modules = ModuleRegistry.empty();
      Blockchain chain = Blockchain.open(store, params,
          new BlockExecutor(new TransactionProcessor(params.chainId(), new ModuleDispatcher(modules))), genesis.definition());
      TransactionPool pool = new TransactionPool(
          TxPoolConfig.builder(params.chainId()).blockGasLimit(params.blockGasLimit()).build(), new HeadStateReader(chain),
          chain.nextBaseFee());
      return new NodeChain(store, chain, pool, new BlockImporter(chain, pool, genesis.validators()), modules);
    }

    ChainNetwork network() throws InterruptedException {
      Host host = Host.start(HostConfig.builder(Secp256k1PrivateKey.generate(new SecureRandom()))
          .listen("/ip4/127.0.0.1/tcp/0").agentVersion("veritas-bench").build());
      return new ChainNetwork(host, chain, pool, new TransactionAdmission(pool, modules), importer, false);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  public static SyncResult runSync(Config config)
      throws IOException, InterruptedException, TimeoutException, InvalidGenesisException {
    Genesis genesis = GenesisParser.bundled("devnet");
    Path dir = Files.createTempDirectory("veritas-bench-sync");
    try (NodeChain served = NodeChain.open(dir.resolve("served"), genesis);
        NodeChain fresh = NodeChain.open(dir.resolve("fresh"), genesis)) {
      long setupStart = System.nanoTime();
      int transactions = buildChain(served.chain(), genesis, config.syncBlocks(), config.transfersPerBlock());
      double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
      LOG.info("sync benchmark chain built: blocks={} txs={} seconds={}", config.syncBlocks(), transactions, setupSeconds);

      try (ChainNetwork server = served.network(); ChainNetwork client = fresh.network()) {
        server.start(List.of());
        client.start(List.of());
        long target = served.chain().head().number();
        CountDownLatch caughtUp = new CountDownLatch(1);
        fresh.chain().addNewHeadListener(b -> {
          if (b.block().header().number() >= target) {
            caughtUp.countDown();
          }
        });
        try {
          client.host().dial(server.host().listenAddrs().getFirst()).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("the syncing node could not dial the serving node: " + e.getCause(), e);
        }
        long start = System.nanoTime();
        client.requestSync();
        Duration limit = Duration.ofMinutes(30);
        if (!caughtUp.await(limit.toSeconds(), TimeUnit.SECONDS)) {
          throw new TimeoutException("the fresh node reached block " + fresh.chain().head().number() + " of " + target
              + " in " + limit.toMinutes() + " min");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!fresh.chain().head().hash().equals(served.chain().head().hash())) {
          throw new IllegalStateException("the synced head " + fresh.chain().head().hash() + " differs from the served "
              + served.chain().head().hash());
        }
        return new SyncResult(config.syncBlocks(), transactions, setupSeconds, seconds, config.syncBlocks() / seconds);
      }
    } finally {
      deleteRecursively(dir);
    }
  }

  /**
   * Appends {@code blocks} blocks, each with {@code transfers} signed transfers from distinct dev accounts and the
   * dev validator's commit certificate, as the dev-mode producer seals them. Returns the number of transactions.
   */
  static int buildChain(Blockchain chain, Genesis genesis, int blocks, int transfers) {
    List<KeyPair> keys = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 11);
    KeyPair validator = keys.get(10);
    long chainId = genesis.chainId();
    UInt256 tip = UInt256.valueOf(1_000_000_000L);
    UInt256 feeCap = UInt256.valueOf(100_000_000_000L);
    int count = 0;
    for (int b = 0; b < blocks; b++) {
      List<Transaction> txs = new ArrayList<>(transfers);
      for (int s = 0; s < transfers; s++) {
        txs.add(new DynamicFeeTransaction.Unsigned(chainId, b, tip, feeCap, 21_000,
            Optional.of(keys.get((s + 1) % 10).address()), UInt256.valueOf(1), Bytes.EMPTY, List.of()).sign(keys.get(s)));
      }
      var parent = chain.head();
      Bytes32 beacon = Keccak256.hash(Bytes.concatenate(parent.beacon(), Bytes.ofUnsignedLong(parent.number() + 1)));
      ProposedBlock proposed = chain.propose(txs, parent.timestamp() + 1, validator.address(), beacon, Bytes.EMPTY,
          parent.validatorsHash(), CommitCertificate.EMPTY, (tx, reason) -> {
            throw new IllegalStateException("sync chain block " + (parent.number() + 1) + " left out tx " + tx.hash() + ": "
                + reason.getMessage());
          });
      long number = proposed.block().header().number();
      chain.commit(proposed, new CommitCertificate(number, 0, proposed.block().hash(),
          List.of(CommitCertificates.sign(chainId, number, 0, proposed.block(), validator))));
      count += txs.size();
    }
    return count;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
