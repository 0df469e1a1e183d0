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
import picocli.CommandLine.Mixin;
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

  @Mixin TransferLoadOptions load;

  @Option(names = "--block-time", description = "The devnet's block time (default: ${DEFAULT-VALUE}).",
      defaultValue = "1s", converter = DurationConverter.class)
  Duration blockTime;

  @Option(names = "--node-jvm-option", description = "Extra JVM option for the devnet process (repeatable), e.g. a profiler flag.")
  List<String> nodeJvmOptions = new ArrayList<>();

  @Override
  public Integer call() throws IOException, InterruptedException {
    try (DevnetProcess devnet = DevnetProcess.start(blockTime, nodeJvmOptions)) {
      ChainBenchmarkConfig config = load.config(devnet.rpcUri(), blockTime, OptionalLong.of(devnet.pid()));
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
