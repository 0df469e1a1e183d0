package io.veritas.testnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code veritas testnet}: a local multi-validator network of real node processes on 127.0.0.1. */
@Command(
    name = "testnet",
    mixinStandardHelpOptions = true,
    description = "A local BFT testnet of N validator processes on 127.0.0.1 (chain id 7358).",
    subcommands = {TestnetInitCommand.class, TestnetUpCommand.class, TestnetStatusCommand.class, TestnetDownCommand.class})
public final class TestnetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
