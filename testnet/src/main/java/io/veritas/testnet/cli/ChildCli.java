package io.veritas.testnet.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs another {@code veritas} command in a child process: the same java, this JVM's
 * flags (Vector API, native access, GC, heap), the same classpath. Debugger, agent and recording flags are
 * left out: two processes would clash on their ports and files.
 */
final class ChildCli {
  private ChildCli() {}

  static List<String> command(List<String> extraJvmOptions, List<String> cliArgs) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!isAgentOption(option)) {
        command.add(option);
      }
    }
    command.addAll(extraJvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), VeritasCli.class.getName()));
    command.addAll(cliArgs);
    return command;
  }

  static boolean isAgentOption(String option) {
    return option.startsWith("-agentlib:") || option.startsWith("-agentpath:") || option.startsWith("-javaagent:")
        || option.startsWith("-Xdebug") || option.startsWith("-Xrunjdwp") || option.startsWith("-XX:StartFlightRecording")
        || option.startsWith("-XX:FlightRecorderOptions");
  }
}
