package io.veritas.testnet.cli;

import io.veritas.tools.bench.ChainBenchmarkConfig;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import picocli.CommandLine.Option;

/** The transfer-load options every benchmark that drives a chain through JSON-RPC shares. */
public final class TransferLoadOptions {
  @Option(names = "--accounts", description = "Sending accounts (default: ${DEFAULT-VALUE}).", defaultValue = "2000")
  int accounts;

  @Option(names = "--duration", description = "Measurement window, whole seconds (default: ${DEFAULT-VALUE}).",
      defaultValue = "30s", converter = DurationConverter.class)
  Duration duration;

  @Option(names = "--warmup", description = "Load before the window opens (default: ${DEFAULT-VALUE}).",
      defaultValue = "10s", converter = DurationConverter.class)
  Duration warmup;

  @Option(names = "--batch", description = "Transactions per JSON-RPC batch (default: ${DEFAULT-VALUE}).", defaultValue = "200")
  int batch;

  @Option(names = "--senders", description = "Concurrent HTTP sender threads (default: ${DEFAULT-VALUE}).", defaultValue = "4")
  int senders;

  @Option(names = "--rate", description = "Offered transactions/s; 0 = as fast as the node accepts (default: ${DEFAULT-VALUE}).",
      defaultValue = "0")
  int rate;

  @Option(names = "--max-in-flight", description = "Most transactions sent but not yet included (default: ${DEFAULT-VALUE}).",
      defaultValue = "10000")
  int maxInFlight;

  @Option(names = "--presign-rate", description = "With --rate 0: the rate the pre-signed supply is sized for (default: ${DEFAULT-VALUE}).",
      defaultValue = "8000")
  int presignRate;

  /** The benchmark configuration for a node at {@code rpc} (whose process, when known, is {@code nodePid}). */
  ChainBenchmarkConfig config(URI rpc, Duration blockTime, OptionalLong nodePid) {
    return new ChainBenchmarkConfig(
        rpc, accounts, warmup, duration, batch, senders, rate, maxInFlight, presignRate, blockTime, nodePid);
  }
}
