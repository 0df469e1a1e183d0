package io.veritas.testnet.cli;

import io.veritas.genesis.Genesis;
import io.veritas.testnet.bench.MarketBenchmark;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veritas bench market}: starts a devnet with its four providers in a child process, runs jobs through the
 * whole market (submit, assign, run, commit, challenge window, settle) and prints jobs settled per second, inference
 * tokens per second and the verification overhead; then stops the devnet.
 */
@Command(name = "market", mixinStandardHelpOptions = true,
    description = "Measure the compute market end to end on a local devnet (started and stopped for you).")
public final class BenchMarketCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print only one JSON object with the figures.")
  boolean json;

  @Option(names = "--jobs", defaultValue = "32", description = "Jobs to run (default: ${DEFAULT-VALUE}).")
  int jobs;

  @Option(names = "--max-tokens", defaultValue = "32", description = "maxTokens of each job (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--block-time", defaultValue = "1s", converter = DurationConverter.class,
      description = "The devnet's block time (default: ${DEFAULT-VALUE}).")
  Duration blockTime;

  @Override
  public Integer call() throws Exception {
    if (jobs < 1 || jobs > 10_000 || maxTokens < 1 || maxTokens > 256) {
      throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
          "--jobs must be 1..10000 and --max-tokens 1..256, got " + jobs + " and " + maxTokens);
    }
    Genesis genesis = GenesisSource.load("devnet");
    try (DevnetProcess devnet = DevnetProcess.start(blockTime, List.of(), List.of("--providers", "4"))) {
      var result = MarketBenchmark.run(new MarketBenchmark.Config(devnet.rpcUri(), jobs, maxTokens, 5,
          Math.max(1, Runtime.getRuntime().availableProcessors()), genesis.verifier().orElseThrow(), Duration.ofMinutes(15)));
      if (json) {
        System.out.println(result);
      } else {
        System.out.println(result.toPrettyString());
      }
      return 0;
    }
  }
}
