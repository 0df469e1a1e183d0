package io.veritas.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.types.Address;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how many plain transfers a node includes per second. It funds {@code accounts} fresh accounts from
 * the development accounts, pre-signs transfers between them, sends them through {@code
 * eth_sendRawTransaction} in JSON-RPC batches from several threads (at a steady offered rate, or as fast as the
 * node accepts them with a bound on the transactions in flight), and counts what the chain includes: the
 * transactions of the blocks whose timestamps fall in the measurement window, and the submit-to-included
 * latency of each of them.
 */
public final class ChainBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(ChainBenchmark.class);
  private static final int DEV_ACCOUNTS = 10;
  private static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);
  private static final long POLL_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ChainBenchmarkConfig config;
  private final JsonRpcHttpClient rpc;

  public ChainBenchmark(ChainBenchmarkConfig config) {
    this.config = config;
    this.rpc = new JsonRpcHttpClient(config.rpc(), Duration.ofSeconds(60));
  }

  public ChainBenchmarkResult run() throws IOException, InterruptedException {
    long chainId = JsonRpcHttpClient.quantity(rpc.call("eth_chainId", "[]"));
    JsonNode latest = rpc.call("eth_getBlockByNumber", "[\"latest\",false]");
    UInt256 baseFee = UInt256.valueOf(JsonRpcHttpClient.quantity(latest.get("baseFeePerGas")));
    UInt256 tip = UInt256.valueOf(JsonRpcHttpClient.quantity(rpc.call("eth_maxPriorityFeePerGas", "[]")));
    // Room for the base fee to quadruple during the run; at most 20 gwei is reserved per gas anyway.
    UInt256 maxFee = max(GWEI.multiply(20), baseFee.multiply(4).add(tip));
    TransferSigner signer = new TransferSigner(chainId, tip, maxFee);

    long started = System.nanoTime();
    List<KeyPair> accounts = TransferSigner.benchAccounts(config.accounts());
    List<Address> addresses = accounts.stream().map(KeyPair::address).toList();
    int rounds = (int) Math.ceil((double) config.transfersToSign() / accounts.size());
    LOG.info("bench accounts derived: accounts={} rounds={} chainId={} maxFee={} tip={}",
        accounts.size(), rounds, chainId, maxFee.toDecimalString(), tip.toDecimalString());

    // What each account may have to pay while all its transfers sit in the pool, twice over for safety.
    UInt256 needed = maxFee.multiply(TransferSigner.TRANSFER_GAS).add(UInt256.ONE).multiply(rounds).multiply(2);
    fund(signer, addresses, needed);
    long[] nonces = queryNonces(addresses);

    SignedTransfer[] transfers = signer.signRounds(accounts, addresses, nonces, rounds);
    LOG.info("transfers pre-signed: count={} in {} ms", transfers.length, (System.nanoTime() - started) / 1_000_000);

    return measure(transfers);
  }

  // ---------------------------------------------------------------- setup

  /** Brings every account's balance to at least {@code needed}, paid by the development accounts. */
  private void fund(TransferSigner signer, List<Address> addresses, UInt256 needed)
      throws IOException, InterruptedException {
    List<UInt256> balances = new ArrayList<>();
    for (JsonRpcHttpClient.Outcome o : batchedQuery("eth_getBalance", addresses, "latest")) {
      balances.add(UInt256.fromHexString(o.result().asText()));
    }
    List<KeyPair> funders = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, DEV_ACCOUNTS);
    List<Address> funderAddresses = funders.stream().map(KeyPair::address).toList();
    long[] funderNonces = queryNonces(funderAddresses);
    long[] expectedNonces = funderNonces.clone();
    UInt256 amount = needed.multiply(2);
    List<SignedTransfer> fundings = new ArrayList<>();
    for (int i = 0; i < addresses.size(); i++) {
      if (balances.get(i).compareTo(needed) >= 0) {
        continue;
      }
      int f = fundings.size() % DEV_ACCOUNTS;
      fundings.add(signer.sign(funders.get(f), expectedNonces[f]++, addresses.get(i), amount));
    }
    if (fundings.isEmpty()) {
      LOG.info("bench accounts already funded: accounts={}", addresses.size());
      return;
    }
    LOG.info("funding bench accounts: transfers={} amountWei={}", fundings.size(), amount.toDecimalString());
    // In list order, one batch at a time: each funder's nonces reach the node in order.
    for (int from = 0; from < fundings.size(); from += config.batchSize()) {
      List<SignedTransfer> batch = fundings.subList(from, Math.min(fundings.size(), from + config.batchSize()));
      List<JsonRpcHttpClient.Outcome> outcomes =
          rpc.batch("eth_sendRawTransaction", batch.stream().map(t -> "[\"" + t.rawHex() + "\"]").toList());
      for (JsonRpcHttpClient.Outcome o : outcomes) {
        if (!o.ok()) {
          throw new IOException("funding transfer rejected by the node: " + o.error());
        }
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60) + 20 * config.blockTime().toNanos();
    while (true) {
      List<JsonRpcHttpClient.Outcome> outcomes = batchedQuery("eth_getTransactionCount", funderAddresses, "latest");
      boolean done = true;
      for (int f = 0; f < DEV_ACCOUNTS; f++) {
        done &= JsonRpcHttpClient.quantity(outcomes.get(f).result()) >= expectedNonces[f];
      }
      if (done) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("funding transfers were not all included within 60 s; is the node producing blocks?");
      }
      Thread.sleep(100);
    }
    LOG.info("bench accounts funded: transfers={}", fundings.size());
  }

  private long[] queryNonces(List<Address> addresses) throws IOException, InterruptedException {
    List<JsonRpcHttpClient.Outcome> outcomes = batchedQuery("eth_getTransactionCount", addresses, "pending");
    long[] nonces = new long[addresses.size()];
    for (int i = 0; i < nonces.length; i++) {
      nonces[i] = JsonRpcHttpClient.quantity(outcomes.get(i).result());
    }
    return nonces;
  }

  /** {@code method(address, block)} for every address, in batches; fails on any error. */
  private List<JsonRpcHttpClient.Outcome> batchedQuery(String method, List<Address> addresses, String block)
      throws IOException, InterruptedException {
    List<JsonRpcHttpClient.Outcome> all = new ArrayList<>(addresses.size());
    for (int from = 0; from < addresses.size(); from += config.batchSize()) {
      List<String> params =
          addresses.subList(from, Math.min(addresses.size(), from + config.batchSize())).stream()
              .map(a -> "[\"" + a.toHexString() + "\",\"" + block + "\"]")
              .toList();
      for (JsonRpcHttpClient.Outcome o : rpc.batch(method, params)) {
        if (!o.ok()) {
          throw new IOException(method + " failed: " + o.error());
        }
        all.add(o);
      }
    }
    return all;
  }

  // ---------------------------------------------------------------- measurement

  private ChainBenchmarkResult measure(SignedTransfer[] transfers) throws IOException, InterruptedException {
    long startMillis = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    long windowStart = Math.ceilDiv(startMillis + config.warmup().toMillis(), 1000L);
    InclusionWindow window = new InclusionWindow(windowStart, windowStart + config.duration().toSeconds());
    long stopAtMillis = window.endSecond() * 1000;

    double loadStart = ProcessCpu.loadAverage1m();
    Optional<Duration> nodeCpuStart = config.nodePid().isPresent() ? ProcessCpu.totalCpu(config.nodePid().getAsLong()) : Optional.empty();
    Optional<Duration> benchCpuStart = ProcessCpu.totalCpu(ProcessHandle.current().pid());
    Map<String, Long> sentAt = new ConcurrentHashMap<>(transfers.length * 2);
    Semaphore inFlight = new Semaphore(config.maxInFlight());
    long head = JsonRpcHttpClient.quantity(rpc.call("eth_blockNumber", "[]"));
    BlockWatcher watcher = new BlockWatcher(rpc, sentAt, inFlight, window, head, POLL_INTERVAL_NANOS, System::nanoTime);
    Thread watcherThread = Thread.ofPlatform().name("bench-block-watcher").start(watcher);
    LOG.info("load started: window=[{}, {}) offeredRate={} senders={} batch={} maxInFlight={}",
        window.startSecond(), window.endSecond(), config.offeredRate(), config.senderThreads(), config.batchSize(),
        config.maxInFlight());

    Senders senders = new Senders(transfers, sentAt, inFlight, startNanos, stopAtMillis);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < config.senderThreads(); t++) {
      threads.add(Thread.ofPlatform().name("bench-sender-" + t).start(senders::run));
    }
    for (Thread t : threads) {
      t.join();
    }
    // The window closes at its end second; wait until a block stamped at or after it shows the chain got there.
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10) + 5 * config.blockTime().toNanos();
    while (watcher.lastTimestamp() < window.endSecond() && watcherThread.isAlive() && System.nanoTime() < waitUntil) {
      Thread.sleep(20);
    }
    watcher.stop();
    watcherThread.join();
    if (watcher.failure() != null) {
      throw new IOException("following the chain failed: " + watcher.failure(), watcher.failure());
    }
    if (watcher.lastTimestamp() < window.endSecond()) {
      LOG.warn("no block stamped at or after the window end {} arrived; the last window seconds may be missing",
          window.endSecond());
    }

    InclusionWindow.Count count = window.count(watcher.blocks());
    long includedDuringLoad = watcher.blocks().stream().mapToLong(BlockSample::transactionCount).sum();
    OptionalDouble nodeCpuPerTx =
        cpuPerTx(nodeCpuStart, config.nodePid().isPresent() ? ProcessCpu.totalCpu(config.nodePid().getAsLong()) : Optional.empty(),
            includedDuringLoad);
    OptionalDouble benchCpuPerTx = cpuPerTx(benchCpuStart, ProcessCpu.totalCpu(ProcessHandle.current().pid()), includedDuringLoad);
    OptionalDouble peakRss = OptionalDouble.empty();
    if (config.nodePid().isPresent()) {
      var kib = ProcessMemory.peakRssKiB(config.nodePid().getAsLong());
      if (kib.isPresent()) {
        peakRss = OptionalDouble.of(kib.getAsLong() / 1024.0);
      }
    }
    return new ChainBenchmarkResult(
        count.transactionsPerSecond(),
        LatencySummary.of(watcher.latenciesNanos()),
        peakRss,
        count.blocks(),
        count.transactions(),
        window.seconds(),
        config.blockTime().toMillis(),
        MachineDescription.describe(),
        new ChainBenchmarkResult.Diagnostics(
            config.offeredRate(),
            transfers.length,
            senders.accepted.get(),
            senders.rejected.get(),
            senders.firstRejection.get(),
            sentAt.size(),
            senders.ranOut.get(),
            includedDuringLoad,
            nodeCpuPerTx,
            benchCpuPerTx,
            loadStart,
            ProcessCpu.loadAverage1m()));
  }

  private static OptionalDouble cpuPerTx(Optional<Duration> start, Optional<Duration> end, long txs) {
    if (start.isEmpty() || end.isEmpty() || txs == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(end.get().minus(start.get()).toNanos() / 1e3 / txs);
  }

  /** The sender threads' shared state: they take batches from one cursor over the pre-signed transfers. */
  private final class Senders {
    private final SignedTransfer[] transfers;
    private final Map<String, Long> sentAt;
    private final Semaphore inFlight;
    private final long startNanos;
    private final long stopAtMillis;
    private final AtomicInteger nextBatch = new AtomicInteger();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicReference<String> firstRejection = new AtomicReference<>();
    final AtomicBoolean ranOut = new AtomicBoolean();

    Senders(SignedTransfer[] transfers, Map<String, Long> sentAt, Semaphore inFlight, long startNanos, long stopAtMillis) {
      this.transfers = transfers;
      this.sentAt = sentAt;
      this.inFlight = inFlight;
      this.startNanos = startNanos;
      this.stopAtMillis = stopAtMillis;
    }

    void run() {
      int batchSize = config.batchSize();
      try {
        while (System.currentTimeMillis() < stopAtMillis) {
          int batch = nextBatch.getAndIncrement();
          int from = batch * batchSize;
          if (from >= transfers.length) {
            ranOut.set(true);
            return;
          }
          int to = Math.min(transfers.length, from + batchSize);
          if (config.offeredRate() > 0 && !waitForTurn(from)) {
            return;
          }
          if (!acquire(to - from)) {
            return;
          }
          send(from, to);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Paces a steady offered rate: transfer k is due at start + k / rate. False if the window ends first. */
    private boolean waitForTurn(int index) throws InterruptedException {
      long due = startNanos + (long) (index * 1e9 / config.offeredRate());
      while (true) {
        long wait = due - System.nanoTime();
        if (wait <= 0) {
          return true;
        }
        if (System.currentTimeMillis() >= stopAtMillis) {
          return false;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
      }
    }

    private boolean acquire(int permits) throws InterruptedException {
      while (!inFlight.tryAcquire(permits, 50, TimeUnit.MILLISECONDS)) {
        if (System.currentTimeMillis() >= stopAtMillis) {
          return false;
        }
      }
      return true;
    }

    private void send(int from, int to) throws InterruptedException {
      List<String> raws = new ArrayList<>(to - from);
      long now = System.nanoTime();
      for (int i = from; i < to; i++) {
        raws.add(transfers[i].rawHex());
        // Registered before sending, so the watcher cannot see the block before it knows the hash.
        sentAt.put(transfers[i].hashHex(), now);
      }
      Map<Integer, String> errors;
      try {
        errors = rpc.sendRawTransactions(raws);
      } catch (IOException e) {
        for (int i = from; i < to; i++) {
          forget(transfers[i], describe(e));
        }
        return;
      }
      errors.forEach((index, message) -> forget(transfers[from + index], message));
      accepted.addAndGet(to - from - errors.size());
    }

    private void forget(SignedTransfer transfer, String reason) {
      if (sentAt.remove(transfer.hashHex()) != null) {
        inFlight.release();
      }
      rejected.incrementAndGet();
      if (firstRejection.compareAndSet(null, reason)) {
        LOG.warn("transfer rejected: tx={} reason={}", transfer.hashHex(), reason);
      }
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }

  private static UInt256 max(UInt256 a, UInt256 b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
