package io.veritas.testnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code veritas bench}: the benchmarks. Each benchmark is its own subcommand class, registered in the list
 * below (one line per benchmark).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark against a throw-away local node and print what it measured.",
    subcommands = {
      BenchChainCommand.class,
      BenchConsensusCommand.class,
      BenchInferenceCommand.class,
      BenchMarketCommand.class,
      BenchP2pCommand.class,
    })
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
