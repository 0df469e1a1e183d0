package io.veritas.testnet.cli;

import io.veritas.tools.bench.ChainBenchmark;
import io.veritas.tools.bench.ChainBenchmarkConfig;
import io.veritas.tools.bench.ChainBenchmarkResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veritas bench chain}: starts a fresh devnet in a child process, loads it with pre-signed transfers
 * through eth_sendRawTransaction and prints the sustained included transfers per second, the submit-to-included
 * latency and the node's peak memory; then stops the devnet.
 */
@Command(
    name = "chain",
    mixinStandardHelpOptions = true,
    description = "Measure sustained transfer throughput of a local one-node devnet (it is started and stopped for you).")
public final class BenchChainCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print only one JSON object with the figures.")
  boolean json;

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

  @Option(names = "--block-time", description = "The devnet's block time (default: ${DEFAULT-VALUE}).",
      defaultValue = "1s", converter = DurationConverter.class)
  Duration blockTime;

  @Option(names = "--node-jvm-option", description = "Extra JVM option for the devnet process (repeatable), e.g. a profiler flag.")
  List<String> nodeJvmOptions = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    try (DevnetProcess devnet = DevnetProcess.start(blockTime, nodeJvmOptions)) {
      ChainBenchmarkConfig config =
          new ChainBenchmarkConfig(
              devnet.rpcUri(), accounts, warmup, duration, batch, senders, rate, maxInFlight, presignRate, blockTime,
              OptionalLong.of(devnet.pid()));
      ChainBenchmarkResult result;
      try {
        result = new ChainBenchmark(config).run();
      } catch (IOException e) {
        String problem = e.getMessage() != null ? e.getMessage() : e.toString();
        throw new IOException(problem + "\nlast lines of the devnet log:\n" + devnet.tail(), e);
      }
      System.out.print(json ? result.toJson() + System.lineSeparator() : result.summary());
      System.out.flush();
      return 0;
    }
  }
}
