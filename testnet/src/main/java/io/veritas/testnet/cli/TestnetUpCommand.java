package io.veritas.testnet.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veritas testnet up}: starts every node of the testnet that is not running as a background process —
 * the same java, JVM flags and classpath as this command — with its output appended to {@code node-i/node.log} and
 * its process id in {@code node-i/pid}; then waits until each answers on JSON-RPC.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start the testnet's nodes in the background.")
public final class TestnetUpCommand implements Callable<Integer> {
  @Option(names = "--dir", required = true, description = "The testnet folder written by 'testnet init'.")
  Path dir;

  @Option(names = "--wait", description = "How long to wait for every node's JSON-RPC (default: ${DEFAULT-VALUE}).",
      defaultValue = "60s", converter = DurationConverter.class)
  Duration wait;

  @Override
  public Integer call() throws IOException, InterruptedException {
    TestnetLayout layout = new TestnetLayout(dir.toAbsolutePath().normalize());
    List<Integer> started = new ArrayList<>();
    for (int i : layout.nodes()) {
      var running = layout.process(i);
      if (running.isPresent()) {
        System.out.println("node-" + i + " already running (pid " + running.get().pid() + ")");
        continue;
      }
      Process process = new ProcessBuilder(command(layout, i))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(layout.log(i).toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .start();
      Files.writeString(layout.pid(i), process.pid() + "\n", StandardCharsets.US_ASCII);
      System.out.println("node-" + i + " started (pid " + process.pid() + ", log " + layout.log(i) + ")");
      started.add(i);
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + wait.toNanos();
    int failed = 0;
    for (int i : started) {
      if (!awaitReady(http, layout, i, deadline)) {
        failed++;
      }
    }
    System.out.println(failed == 0 ? "Testnet is up: veritas testnet status --dir " + dir
        : failed + " node(s) did not come up; see their node.log");
    return failed == 0 ? 0 : 1;
  }

  /** The child process that runs node {@code i} of the testnet with its config file. */
  static List<String> command(TestnetLayout layout, int i) {
    return ChildCli.command(List.of(), List.of("node", "--config", layout.config(i).toString()));
  }

  private static boolean awaitReady(HttpClient http, TestnetLayout layout, int i, long deadline)
      throws IOException, InterruptedException {
    URI readiness = URI.create("http://127.0.0.1:" + layout.rpcPort(i) + "/readiness");
    while (System.nanoTime() < deadline) {
      if (layout.process(i).isEmpty()) {
        System.out.println("node-" + i + " exited; see " + layout.log(i));
        return false;
      }
      try {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    System.out.println("node-" + i + " did not answer on JSON-RPC in time; see " + layout.log(i));
    return false;
  }
}
