package io.veritas.testnet.node;

import io.veritas.chain.api.CallSimulator;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.api.ChainApiMethods;
import io.veritas.chain.api.FilterRegistry;
import io.veritas.chain.api.SubscriptionHub;
import io.veritas.chain.api.TransactionAdmission;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.rpc.MethodRegistry;
import io.veritas.chain.rpc.server.JsonRpcConfig;
import io.veritas.chain.rpc.server.JsonRpcServer;
import io.veritas.chain.storage.KeyValueStore;
import io.veritas.chain.storage.RocksDbKeyValueStore;
import io.veritas.chain.txpool.TransactionPool;
import io.veritas.chain.txpool.TxPoolConfig;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.p2p.host.HostConfig;
import io.veritas.market.rules.MarketParameters;
import io.veritas.testnet.consensus.AdminFaultEquivocate;
import io.veritas.testnet.consensus.AdminPartition;
import io.veritas.testnet.consensus.ValidatorConsensus;
import io.veritas.testnet.p2p.ChainNetwork;
import io.veritas.testnet.rpc.AdminPeers;
import io.veritas.testnet.rpc.MarketRpc;
import io.veritas.testnet.rpc.VerificationRpc;
import io.veritas.testnet.rpc.VeritasConsensusState;
import io.veritas.testnet.rpc.VeritasNodeInfo;
import io.veritas.testnet.sync.BlockImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Veritas node: storage, chain, transaction pool, libp2p network, block production (in dev mode) and
 * JSON-RPC, started in dependency
 * order and stopped in reverse. This is the only place that wires the parts together.
 */
public final class VeritasNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VeritasNode.class);
  public static final String CLIENT_VERSION =
      "veritas/0.1.0/" + System.getProperty("os.name").toLowerCase().replace(' ', '-') + "-" + System.getProperty("os.arch")
          + "/java" + Runtime.version().feature();

  private final NodeConfig config;
  private KeyValueStore store;
  private Blockchain chain;
  private TransactionPool pool;
  private DevBlockProducer producer;
  private ValidatorConsensus consensus;
  private JsonRpcServer rpc;
  private TxPoolJournal journal;
  private ChainNetwork network;
  private ComputeServices compute;
  private boolean closed;

  public VeritasNode(NodeConfig config) {
    this.config = config;
  }

  /** Starts every part; if one fails, what was started is stopped again and the error is rethrown. */
  public synchronized void start() throws IOException {
    try {
      startParts();
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startParts() throws IOException {
    Files.createDirectories(config.dataDir());
    store = RocksDbKeyValueStore.open(config.dataDir().resolve("chain"));
    ModuleRegistry modules = new ModuleRegistry(NativeModules.forGenesis(config.genesis()));
    ModuleDispatcher dispatcher = new ModuleDispatcher(modules);
    var params = config.genesis().parameters();
    BlockExecutor executor = new BlockExecutor(new TransactionProcessor(params.chainId(), dispatcher));
    chain = Blockchain.open(store, params, executor, config.genesis().definition());

    TxPoolConfig poolConfig = TxPoolConfig.builder(params.chainId()).blockGasLimit(params.blockGasLimit()).build();
    pool = new TransactionPool(poolConfig, new HeadStateReader(chain), chain.nextBaseFee());
    journal = new TxPoolJournal(config.dataDir().resolve("txpool.journal"));
    journal.restore(pool);

    FilterRegistry filters = new FilterRegistry(System::nanoTime, TimeUnit.MINUTES.toNanos(5), 10_000);
    SubscriptionHub subscriptions = new SubscriptionHub();
    chain.addNewHeadListener(filters::onNewBlock);
    chain.addNewHeadListener(subscriptions::onNewBlock);
    pool.addListener(filters::onPendingTransaction);
    pool.addListener(subscriptions::onPendingTransaction);
    Host host;
    try {
      host = Host.start(HostConfig.builder(NodeKey.loadOrCreate(config.dataDir()))
          .listen("/ip4/" + config.p2pHost() + "/tcp/" + config.p2pPort())
          .agentVersion(CLIENT_VERSION)
          .build());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting libp2p", e);
    }
    BlockImporter importer = new BlockImporter(chain, pool, config.genesis().validators());
    TransactionAdmission admission = new TransactionAdmission(pool, modules);
    network = new ChainNetwork(host, chain, pool, admission, importer, config.validatorKey().isPresent());
    network.start(config.bootnodes());

    ChainApi api = new ChainApi(chain, pool, modules, filters, CLIENT_VERSION, network::peerCount);
    MethodRegistry methods = new MethodRegistry();
    methods.registerAll(ChainApiMethods.create(api, new CallSimulator(chain, dispatcher), subscriptions));
    methods.register(new VeritasNodeInfo(chain, host));
    methods.register(new AdminPeers(host));
    if (config.genesis().market().isPresent()) {
      MarketParameters market = config.genesis().market().get();
      compute = ComputeServices.start(config.providers(), market, config.genesis().verifier().orElseThrow(), chain, pool, admission,
          dispatcher, config.dataDir(), host);
      methods.registerAll(MarketRpc.methods(chain, compute.outputs()));
      methods.registerAll(VerificationRpc.methods(chain, config.genesis().verifier().orElseThrow(), config.genesis().rewards().orElseThrow()));
    } else if (!config.providers().isEmpty()) {
      throw new IllegalArgumentException(
          "this node is configured to run compute providers, but genesis '" + config.genesis().name() + "' has no market section");
    }

    if (config.validatorKey().isPresent() && ValidatorConsensus.applies(config.genesis())) {
      // More than one validator: BFT consensus (the dev-mode producer below is for a single validator).
      consensus = ValidatorConsensus.start(config.genesis(), config.dataDir(), config.validatorKey().get(), chain, pool,
          importer, host);
      methods.register(new VeritasConsensusState(consensus));
      methods.register(new AdminPartition(consensus.blocklist()));
      methods.register(new AdminFaultEquivocate(consensus.faultEquivocation()));
    } else if (config.validatorKey().isPresent()) {
      producer = new DevBlockProducer(chain, pool, config.validatorKey().get(), config.blockTime(), Clock.systemUTC());
    }
    rpc = new JsonRpcServer(JsonRpcConfig.builder().host(config.rpcHost()).port(config.rpcPort()).build(), methods);
    rpc.start();
    if (producer != null) {
      producer.start();
    }
    LOG.info("node started: chainId={} head={} rpc=http://{}:{} peerId={} p2p={}", params.chainId(), chain.head().number(),
        config.rpcHost(), rpc.port(), host.peerId(), host.listenAddrs());
  }

  public ChainNetwork network() {
    return network;
  }

  public int rpcPort() {
    return rpc.port();
  }

  public Blockchain chain() {
    return chain;
  }

  public TransactionPool pool() {
    return pool;
  }

  public Duration blockTime() {
    return config.blockTime();
  }

  /** Stops in reverse order: no new requests, no new blocks, pool saved, storage closed last. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (rpc != null) {
        rpc.stop();
      }
      if (compute != null) {
        compute.close();
      }
      if (producer != null) {
        producer.stop();
      }
      if (consensus != null) {
        consensus.close();
      }
      if (network != null) {
        network.close();
      }
      if (pool != null && journal != null) {
        // Pending first, then those queued behind a nonce gap: all were acknowledged to their senders.
        var content = pool.content();
        java.util.List<io.veritas.chain.tx.Transaction> saved = new java.util.ArrayList<>();
        content.pending().values().forEach(saved::addAll);
        content.queued().values().forEach(saved::addAll);
        journal.save(saved);
      }
    } catch (IOException e) {
      LOG.error("could not save the tx pool journal", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (store != null) {
        store.close();
      }
      LOG.info("node stopped: head={}", chain == null ? -1 : chain.head().number());
    }
  }
}
