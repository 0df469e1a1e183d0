package io.veritas.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the chain head by polling {@code eth_blockNumber}, reads every new block with {@code
 * eth_getBlockByNumber(n, false)}, and for each transaction hash the benchmark sent records the
 * submit-to-included latency (send time to the moment the block was seen) and frees its in-flight permit.
 * Runs on its own thread; the results are read after {@link #stop}.
 */
final class BlockWatcher implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockWatcher.class);

  private final JsonRpcHttpClient rpc;
  private final Map<String, Long> sentAtNanos;
  private final Semaphore inFlight;
  private final InclusionWindow window;
  private final long pollIntervalNanos;
  private final LongSupplier nanoClock;
  private final List<BlockSample> blocks = new ArrayList<>();
  private long[] latencies = new long[1 << 16];
  private int latencyCount;
  private volatile long lastNumber;
  private volatile long lastTimestamp;
  private volatile boolean stopping;
  private volatile Throwable failure;

  BlockWatcher(
      JsonRpcHttpClient rpc,
      Map<String, Long> sentAtNanos,
      Semaphore inFlight,
      InclusionWindow window,
      long startAfterNumber,
      long pollIntervalNanos,
      LongSupplier nanoClock) {
    this.rpc = rpc;
    this.sentAtNanos = sentAtNanos;
    this.inFlight = inFlight;
    this.window = window;
    this.lastNumber = startAfterNumber;
    this.pollIntervalNanos = pollIntervalNanos;
    this.nanoClock = nanoClock;
  }

  @Override
  public void run() {
    try {
      while (!stopping) {
        long head = JsonRpcHttpClient.quantity(rpc.call("eth_blockNumber", "[]"));
        while (lastNumber < head) {
          readBlock(lastNumber + 1);
        }
        TimeUnit.NANOSECONDS.sleep(pollIntervalNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      failure = e;
      LOG.error("block watcher failed after block {}", lastNumber, e);
    }
  }

  private void readBlock(long number) throws IOException, InterruptedException {
    JsonNode block = rpc.call("eth_getBlockByNumber", "[\"0x" + Long.toHexString(number) + "\",false]");
    long seen = nanoClock.getAsLong();
    long timestamp = JsonRpcHttpClient.quantity(block.get("timestamp"));
    JsonNode txs = block.get("transactions");
    boolean inWindow = window.contains(timestamp);
    int released = 0;
    for (JsonNode tx : txs) {
      Long sentAt = sentAtNanos.remove(tx.asText());
      if (sentAt != null) {
        released++;
        if (inWindow) {
          addLatency(seen - sentAt);
        }
      }
    }
    inFlight.release(released);
    synchronized (blocks) {
      blocks.add(new BlockSample(number, timestamp, txs.size()));
    }
    lastTimestamp = timestamp;
    lastNumber = number;
    if (txs.size() > 0) {
      LOG.info("block {} timestamp={} txs={} ours={} inWindow={}", number, timestamp, txs.size(), released, inWindow);
    }
  }

  private void addLatency(long nanos) {
    if (latencyCount == latencies.length) {
      latencies = Arrays.copyOf(latencies, latencies.length * 2);
    }
    latencies[latencyCount++] = nanos;
  }

  /** The timestamp of the newest block seen (0 before the first). */
  long lastTimestamp() {
    return lastTimestamp;
  }

  /** The error that stopped the watcher, if one did. */
  Throwable failure() {
    return failure;
  }

  void stop() {
    stopping = true;
  }

  /** Valid after the watcher's thread has ended. */
  List<BlockSample> blocks() {
    synchronized (blocks) {
      return List.copyOf(blocks);
    }
  }

  /** Valid after the watcher's thread has ended. */
  long[] latenciesNanos() {
    return Arrays.copyOf(latencies, latencyCount);
  }
}
