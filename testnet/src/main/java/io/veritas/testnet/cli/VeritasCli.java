package io.veritas.testnet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code veritas} command line: one subcommand class per command, registered here. */
@Command(
    name = "veritas",
    mixinStandardHelpOptions = true,
    version = "veritas 0.1.0",
    description = "Veritas: a BFT proof-of-stake testnet node with verifiable LLM compute rewards.",
    subcommands = {
      CommandLine.HelpCommand.class,
    })
public final class VeritasCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    int exit = new CommandLine(new VeritasCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    System.exit(exit);
  }
}
