package io.veritas.testnet.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code veritas devnet} in a child process, for benchmarks: the same java and classpath as this process,
 * a fresh temporary data directory, free loopback ports, its log in a file. {@link #close} stops it the way
 * Ctrl-C does (SIGTERM, the node's shutdown hook closes it cleanly) and deletes the data directory.
 */
public final class DevnetProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevnetProcess.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final Path dir;
  private final Path log;
  private final int rpcPort;

  private DevnetProcess(Process process, Path dir, Path log, int rpcPort) {
    this.process = process;
    this.dir = dir;
    this.log = log;
    this.rpcPort = rpcPort;
  }

  /**
   * Starts a devnet with {@code blockTime} and waits until its RPC answers {@code /readiness}.
   *
   * @param extraJvmOptions added after this JVM's own options (e.g. a profiler flag)
   */
  public static DevnetProcess start(Duration blockTime, List<String> extraJvmOptions) throws IOException, InterruptedException {
    // The chain benchmark measures the chain alone: no compute providers.
    return start(blockTime, extraJvmOptions, List.of("--providers", "0"));
  }

  /** As {@link #start(Duration, List)} with more {@code devnet} flags, e.g. {@code --providers 4}. */
  public static DevnetProcess start(Duration blockTime, List<String> extraJvmOptions, List<String> devnetFlags)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("veritas-bench-");
    Path log = dir.resolve("devnet.log");
    int rpcPort = freePort();
    int p2pPort = freePort();
    List<String> args = new java.util.ArrayList<>(List.of("devnet",
        "--data-dir", dir.resolve("data").toString(), "--fresh",
        "--rpc-port", Integer.toString(rpcPort), "--p2p-port", Integer.toString(p2pPort),
        "--block-time", blockTime.toMillis() + "ms"));
    args.addAll(devnetFlags);
    List<String> command = ChildCli.command(extraJvmOptions, args);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    DevnetProcess devnet = new DevnetProcess(process, dir, log, rpcPort);
    LOG.info("devnet starting: pid={} rpcPort={} log={}", process.pid(), rpcPort, log);
    try {
      devnet.awaitReady();
    } catch (IOException | InterruptedException | RuntimeException e) {
      devnet.close();
      throw e;
    }
    return devnet;
  }

  public long pid() {
    return process.pid();
  }

  public URI rpcUri() {
    return URI.create("http://127.0.0.1:" + rpcPort);
  }

  public Path logFile() {
    return log;
  }

  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready = HttpRequest.newBuilder(rpcUri().resolve("/readiness")).timeout(Duration.ofSeconds(2)).GET().build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("the devnet exited with code " + process.exitValue() + " before it was ready; its log:\n" + tail());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet: poll again.
      }
      Thread.sleep(200);
    }
    throw new IOException("the devnet was not ready within " + READY_TIMEOUT.toSeconds() + " s; its log:\n" + tail());
  }

  /** The last lines of the node's log, for error messages. */
  public String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        LOG.warn("devnet pid={} did not stop within 60 s of SIGTERM; killing it", process.pid());
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    DevnetCommand.wipe(dir);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
