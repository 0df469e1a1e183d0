package io.veritas.tools.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How {@link ChainBenchmark} loads a node.
 *
 * @param rpc the node's JSON-RPC HTTP endpoint
 * @param accounts how many sending accounts (funded first by the development accounts)
 * @param warmup load before the measurement window opens, so the window sees a steady state
 * @param duration the measurement window, whole seconds of block timestamps
 * @param batchSize transactions per JSON-RPC batch
 * @param senderThreads concurrent HTTP senders
 * @param offeredRate transactions per second to offer; 0 offers as fast as the node accepts them
 * @param maxInFlight the most transactions sent but not yet seen in a block
 * @param presignRate with {@code offeredRate} 0: the rate the pre-signed supply is sized for
 * @param blockTime the node's block interval (reported; also bounds how long to wait for the last block)
 * @param nodePid the node's process id, when known, to read its peak memory
 */
public record ChainBenchmarkConfig(
    URI rpc,
    int accounts,
    Duration warmup,
    Duration duration,
    int batchSize,
    int senderThreads,
    int offeredRate,
    int maxInFlight,
    int presignRate,
    Duration blockTime,
    OptionalLong nodePid) {
  public static final int DEFAULT_ACCOUNTS = 2_000;
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(10);
  public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
  public static final int DEFAULT_BATCH_SIZE = 200;
  public static final int DEFAULT_SENDER_THREADS = 4;
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;
  public static final int DEFAULT_PRESIGN_RATE = 8_000;

  public ChainBenchmarkConfig {
    Objects.requireNonNull(rpc, "rpc");
    Objects.requireNonNull(warmup, "warmup");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(blockTime, "blockTime");
    Objects.requireNonNull(nodePid, "nodePid");
    requireAtLeast("accounts", accounts, 2);
    requireAtLeast("batch size", batchSize, 1);
    requireAtLeast("sender threads", senderThreads, 1);
    requireAtLeast("offered rate", offeredRate, 0);
    requireAtLeast("max in-flight", maxInFlight, batchSize);
    requireAtLeast("pre-sign rate", presignRate, 1);
    if (warmup.isNegative()) {
      throw new IllegalArgumentException("warm-up must not be negative, got " + warmup);
    }
    if (duration.toMillis() < 1000 || duration.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          "duration must be a whole number of seconds (block timestamps are seconds), got " + duration);
    }
    if (blockTime.isNegative() || blockTime.isZero()) {
      throw new IllegalArgumentException("block time must be positive, got " + blockTime);
    }
  }

  /** The defaults above against {@code rpc}, with a 1-second block time and no known node process. */
  public static ChainBenchmarkConfig defaults(URI rpc) {
    return new ChainBenchmarkConfig(
        rpc, DEFAULT_ACCOUNTS, DEFAULT_WARMUP, DEFAULT_DURATION, DEFAULT_BATCH_SIZE, DEFAULT_SENDER_THREADS, 0,
        DEFAULT_MAX_IN_FLIGHT, DEFAULT_PRESIGN_RATE, Duration.ofSeconds(1), OptionalLong.empty());
  }

  /** How many transfers to sign up front: enough for the offered (or pre-sign) rate over warm-up + window. */
  public long transfersToSign() {
    int rate = offeredRate > 0 ? offeredRate : presignRate;
    double seconds = (warmup.toMillis() + duration.toMillis()) / 1000.0;
    // 5% spare so that a paced sender does not run dry from rounding at the very end.
    return (long) Math.ceil(rate * seconds * 1.05);
  }

  private static void requireAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }
}
