package io.veritas.testnet.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code veritas devnet} child JVM on 127.0.0.1, started from the packaged distribution
 * ({@code testnet/target/veritas.jar} + {@code lib/}) the way a user runs it. Each instance owns a fresh data
 * directory and a pair of free ports that stay the same across {@link #restart()}, so a restart continues the
 * same chain. The node's output goes to a log file whose tail is put into every failure message.
 */
public final class DevnetProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  /** JVM flags the distribution needs (the same as the ./veritas launcher passes). */
  private static final List<String> JVM_FLAGS =
      List.of(
          "--add-modules=jdk.incubator.vector",
          "--enable-native-access=ALL-UNNAMED",
          "--sun-misc-unsafe-memory-access=allow",
          "-Xmx512m");

  private final String name;
  private final Duration blockTime;
  /** The CLI command and its own flags: {@code devnet --block-time …} or {@code node --bootnodes …}. */
  private final List<String> nodeCommand;
  private final Path dataDir;
  private final Path logDir;
  private final int rpcPort;
  private final int p2pPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Path> logs = new ArrayList<>();
  private volatile Process process;
  /** Kills the node if the test JVM exits without closing this (an aborted run must not leave nodes behind). */
  private Thread reaper;

  private DevnetProcess(String name, Duration blockTime, List<String> nodeCommand) throws IOException {
    this.name = name;
    this.blockTime = blockTime;
    this.nodeCommand = List.copyOf(nodeCommand);
    this.dataDir = Files.createTempDirectory("veritas-it-" + name + "-");
    this.logDir = distribution().resolve("it-logs");
    Files.createDirectories(logDir);
    this.rpcPort = freePort();
    int p2p = freePort();
    while (p2p == rpcPort) {
      p2p = freePort();
    }
    this.p2pPort = p2p;
  }

  /** Launches a devnet on a fresh data directory and waits until its JSON-RPC server answers. */
  public static DevnetProcess start(String name, Duration blockTime) throws IOException {
    DevnetProcess devnet = launch(name, blockTime);
    try {
      devnet.awaitReady();
    } catch (RuntimeException | Error e) {
      devnet.close();
      throw e;
    }
    return devnet;
  }

  /**
   * Launches a devnet without waiting for it; call {@link #awaitReady()} before using it. Lets a test class
   * start two nodes at once so their JVM start-ups overlap.
   */
  public static DevnetProcess launch(String name, Duration blockTime) throws IOException {
    // The chain tests run without the devnet's compute providers (their registrations would fill the first block).
    return launch(name, blockTime, List.of("--providers", "0"));
  }

  /** As {@link #launch(String, Duration)} with more {@code devnet} flags, e.g. {@code --providers 4}. */
  public static DevnetProcess launch(String name, Duration blockTime, List<String> devnetFlags) throws IOException {
    List<String> command = new ArrayList<>(List.of("devnet", "--block-time", blockTime.toMillis() + "ms"));
    command.addAll(devnetFlags);
    DevnetProcess devnet = new DevnetProcess(name, blockTime, command);
    devnet.spawn(true);
    return devnet;
  }

  /**
   * Starts {@code veritas node --genesis devnet --bootnodes <bootnode>}: a full node that joins the devnet
   * behind {@code bootnode} (a multiaddr ending in /p2p/&lt;peer id&gt;), and waits until it answers.
   */
  public static DevnetProcess follower(String name, String bootnode, Duration blockTime) throws IOException {
    DevnetProcess node =
        new DevnetProcess(name, blockTime, List.of("node", "--genesis", "devnet", "--bootnodes", bootnode));
    node.spawn(true);
    try {
      node.awaitReady();
    } catch (RuntimeException | Error e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** The JSON-RPC HTTP endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public String httpUrl() {
    return "http://127.0.0.1:" + rpcPort;
  }

  /** The WebSocket endpoint on the same port. */
  public String wsUrl() {
    return "ws://127.0.0.1:" + rpcPort;
  }

  public Duration blockTime() {
    return blockTime;
  }

  public Path dataDir() {
    return dataDir;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Polls {@code GET /readiness} until it answers 200, failing fast (with the log) if the node exits. */
  public void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    URI readiness = URI.create(httpUrl() + "/readiness");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "devnet " + name + " exited with code " + process.exitValue() + " before it was ready\n" + logTail());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (ConnectException notListeningYet) {
        // The JVM is still starting; poll again.
      } catch (IOException e) {
        // A connection reset while the server binds is also "not yet"; the deadline bounds the wait.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for devnet " + name, e);
      }
      pause(Duration.ofMillis(100));
    }
    throw new IllegalStateException(
        "devnet " + name + " did not become ready within " + READY_TIMEOUT.toSeconds() + " s\n" + logTail());
  }

  /**
   * Sends SIGTERM (Ctrl-C's signal to the JVM) and waits for the node to exit.
   *
   * @return the exit code (143 = 128 + SIGTERM for a JVM that ran its shutdown hooks)
   */
  public int stop() {
    return terminate(false);
  }

  /** Sends SIGKILL: no shutdown hook runs, like a power cut as far as the process is concerned. */
  public int kill() {
    return terminate(true);
  }

  /** Starts the node again on the same data directory and ports (no --fresh) and waits until it is ready. */
  public void restart() {
    if (isAlive()) {
      throw new IllegalStateException("devnet " + name + " is still running; stop() or kill() it first");
    }
    spawn(false);
    awaitReady();
  }

  /** Everything the node printed in every run so far. */
  public String log() {
    StringBuilder all = new StringBuilder();
    for (Path log : logs) {
      try {
        all.append(Files.readString(log));
      } catch (IOException e) {
        all.append("[could not read ").append(log).append(": ").append(e.getMessage()).append("]\n");
      }
    }
    return all.toString();
  }

  /** The last lines of the log, for failure messages. */
  public String logTail() {
    String[] lines = log().split("\n");
    int from = Math.max(0, lines.length - 60);
    StringBuilder tail = new StringBuilder("---- last lines of devnet " + name + " output (" + logs + ") ----\n");
    for (int i = from; i < lines.length; i++) {
      tail.append(lines[i]).append('\n');
    }
    return tail.toString();
  }

  /** Stops the node if it still runs (SIGTERM, then SIGKILL) and deletes its data directory. */
  @Override
  public void close() {
    try {
      if (isAlive()) {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      if (reaper != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
          // The JVM is already exiting and the hook runs anyway.
        }
        reaper = null;
      }
      deleteRecursively(dataDir);
    }
  }

  private void spawn(boolean fresh) {
    Path dist = distribution();
    Path jar = dist.resolve("veritas.jar");
    if (!Files.isRegularFile(jar) || !Files.isDirectory(dist.resolve("lib"))) {
      throw new IllegalStateException(
          "the distribution is missing: " + jar + " or " + dist.resolve("lib")
              + " (build it with: mvn -B -o package -pl testnet -DskipTests)");
    }
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(jar + java.io.File.pathSeparator + dist.resolve("lib") + java.io.File.separator + "*");
    command.add("io.veritas.testnet.cli.VeritasCli");
    command.addAll(nodeCommand);
    command.addAll(
        List.of(
            "--data-dir", dataDir.toString(),
            "--rpc-host", "127.0.0.1",
            "--rpc-port", Integer.toString(rpcPort),
            "--p2p-port", Integer.toString(p2pPort)));
    if (fresh) {
      command.add("--fresh");
    }
    Path log = logDir.resolve(name + "-" + ProcessHandle.current().pid() + "-run" + (logs.size() + 1) + ".log");
    logs.add(log);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // The node must not pick up a developer's VERITAS_* settings or config file.
    builder.environment().keySet().removeIf(key -> key.startsWith("VERITAS_"));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start devnet " + name + ": " + command, e);
    }
    if (reaper == null) {
      reaper = Thread.ofPlatform().name("devnet-reaper-" + name).unstarted(() -> {
        if (process.isAlive()) {
          process.destroyForcibly();
        }
      });
      Runtime.getRuntime().addShutdownHook(reaper);
    }
  }

  private int terminate(boolean forcibly) {
    if (process == null) {
      throw new IllegalStateException("devnet " + name + " was never started");
    }
    if (forcibly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "devnet " + name + " did not exit within " + STOP_TIMEOUT.toSeconds() + " s of "
                + (forcibly ? "SIGKILL" : "SIGTERM") + "\n" + logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping devnet " + name, e);
    }
    return process.exitValue();
  }

  /** The distribution folder: the failsafe property veritas.dist, else testnet/target under veritas.home. */
  static Path distribution() {
    String dist = System.getProperty("veritas.dist");
    if (dist != null && !dist.isBlank()) {
      return Path.of(dist);
    }
    String home = System.getProperty("veritas.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home, "testnet", "target");
    }
    return Path.of("target").toAbsolutePath();
  }

  /** The project root (failsafe's veritas.home), else the parent of the testnet module directory. */
  static Path projectHome() {
    String home = System.getProperty("veritas.home");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    return distribution().getParent().getParent();
  }

  /** The java of this JVM: the distribution needs Java 25, which is what runs the tests. */
  private static String javaExecutable() {
    Optional<String> current = ProcessHandle.current().info().command();
    if (current.isPresent() && Files.isExecutable(Path.of(current.get()))) {
      return current.get();
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the devnet data directory " + dir, e);
    }
  }

  @Override
  public String toString() {
    return "devnet " + name + " at " + httpUrl() + " (data " + dataDir + ")";
  }
}
