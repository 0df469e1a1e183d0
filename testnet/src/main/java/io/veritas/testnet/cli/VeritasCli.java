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
      DevnetCommand.class,
      NodeCommand.class,
      TestnetCommand.class,
      BenchCommand.class,
      InferCommand.class,
      ReplayCommand.class,
      AbiCommand.class,
    })
public final class VeritasCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The --config file named on the command line or by VERITAS_CONFIG, read before the options are parsed. */
  static java.util.Optional<java.nio.file.Path> configFile(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return java.util.Optional.of(java.nio.file.Path.of(args[i + 1]));
      }
      if (args[i].startsWith("--config=")) {
        return java.util.Optional.of(java.nio.file.Path.of(args[i].substring("--config=".length())));
      }
    }
    String env = System.getenv("VERITAS_CONFIG");
    return env == null || env.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(java.nio.file.Path.of(env));
  }

  public static void main(String[] args) {
    int exit =
        new CommandLine(new VeritasCli())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setDefaultValueProvider(new ConfigDefaults(System.getenv(), configFile(args)))
            .setExecutionExceptionHandler(new UserErrorHandler())
            .execute(args);
    System.exit(exit);
  }
}
