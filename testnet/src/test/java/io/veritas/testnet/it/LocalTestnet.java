package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A local testnet driven through the packaged distribution's CLI ({@code veritas testnet init / up / status / down}),
 * as a user would, plus the JSON-RPC probes the process fault tests share. Node {@code i} (0-based) serves JSON-RPC
 * on {@code baseRpcPort + i}; one extra slot ({@link #EXTRA}) is kept free for a full node started later.
 */
final class LocalTestnet implements AutoCloseable {
  static final int VALIDATORS = 4;
  /** The index of the port slot kept for a non-validator node that joins later. */
  static final int EXTRA = VALIDATORS;
  static final List<Integer> ALL = List.of(0, 1, 2, 3);
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final List<String> JVM_FLAGS = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow", "-Xmx384m", "-XX:TieredStopAtLevel=1");

  record CliResult(int exit, String out) {}

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Path root;
  private final Path net;
  /** This testnet's own copy of the distribution (see {@link #init}). */
  private final Path dist;
  private final int baseRpcPort;
  private final List<Process> extraNodes = new ArrayList<>();
  private boolean down;

  private LocalTestnet(Path root, int baseRpcPort) {
    this.root = root;
    this.net = root.resolve("net");
    this.dist = root.resolve("dist");
    this.baseRpcPort = baseRpcPort;
  }

  /**
   * {@code testnet init} four validators with the given block time into a fresh temporary folder. The processes run
   * from a copy of the packaged distribution taken here: a build of the module while a test runs rewrites
   * {@code target/veritas.jar}, and a JVM whose jar changed under it fails to load its next class.
   */
  static LocalTestnet init(String blockTime) throws IOException, InterruptedException {
    LocalTestnet testnet = new LocalTestnet(Files.createTempDirectory("veritas-it-testnet-"), pickPorts());
    testnet.copyDistribution();
    CliResult init = testnet.cli("testnet", "init", "--validators", Integer.toString(VALIDATORS), "--dir", testnet.net.toString(),
        "--block-time", blockTime, "--base-rpc-port", Integer.toString(testnet.baseRpcPort),
        "--base-p2p-port", Integer.toString(testnet.p2pPort(0)));
    assertEquals(0, init.exit, "testnet init: " + init.out);
    return testnet;
  }

  Path dir() {
    return net;
  }

  int rpcPort(int node) {
    return baseRpcPort + node;
  }

  int p2pPort(int node) {
    return baseRpcPort + 100 + node;
  }

  /** {@code testnet up}: starts every node that is not running and waits for its JSON-RPC. */
  void up() throws IOException, InterruptedException {
    CliResult up = cli("testnet", "up", "--dir", net.toString());
    assertEquals(0, up.exit, "testnet up: " + up.out);
  }

  CliResult status() throws IOException, InterruptedException {
    return cli("testnet", "status", "--dir", net.toString(), "--json");
  }

  /** {@code testnet down}: stops every node; then the pid files are gone. */
  void down() throws IOException, InterruptedException {
    CliResult result = cli("testnet", "down", "--dir", net.toString(), "--grace", "10s");
    assertEquals(0, result.exit, "testnet down: " + result.out);
    down = true;
  }

  /** The running process of validator {@code node}, from the pid file {@code testnet up} wrote. */
  ProcessHandle process(int node) throws IOException {
    long pid = Long.parseLong(Files.readString(net.resolve("node-" + node + "/pid")).trim());
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .orElseThrow(() -> new AssertionError("node-" + node + " (pid " + pid + ") is not running"));
  }

  /** SIGTERM (a graceful stop) and wait for the process to exit. */
  void terminate(int node) throws Exception {
    ProcessHandle process = process(node);
    process.destroy();
    process.onExit().get(30, TimeUnit.SECONDS);
  }

  /** SIGKILL and wait for the process to be gone. */
  void kill(int node) throws Exception {
    ProcessHandle process = process(node);
    process.destroyForcibly();
    process.onExit().get(10, TimeUnit.SECONDS);
  }

  /** Sends {@code signal} (STOP, CONT) with kill(1): ProcessHandle only knows TERM and KILL. */
  void signal(int node, String signal) throws IOException, InterruptedException {
    long pid = process(node).pid();
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
    String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("kill -" + signal + " " + pid + " failed: " + out);
    }
  }

  /**
   * Starts a non-validator full node ({@code veritas node --genesis D/genesis.json --bootnodes ...}) on the
   * {@link #EXTRA} port slot with an empty data folder; it syncs from genesis. Stopped by {@link #close()}.
   */
  void startFullNode() throws IOException {
    List<String> bootnodes = Files.readAllLines(net.resolve("bootnodes.txt")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    Path data = root.resolve("full-node");
    List<String> command = javaCommand();
    command.addAll(List.of("node", "--genesis", net.resolve("genesis.json").toString(), "--bootnodes", String.join(",", bootnodes),
        "--data-dir", data.toString(), "--rpc-port", Integer.toString(rpcPort(EXTRA)), "--p2p-port", Integer.toString(p2pPort(EXTRA))));
    extraNodes.add(new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("full-node.log").toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start());
  }

  /** {@code testnet down} if not done yet; then kills whatever is left of the processes this testnet started. */
  @Override
  public void close() throws Exception {
    try {
      for (Process extra : extraNodes) {
        extra.destroy();
        if (!extra.waitFor(15, TimeUnit.SECONDS)) {
          extra.destroyForcibly();
        }
      }
      if (!down) {
        cli("testnet", "down", "--dir", net.toString(), "--grace", "10s");
      }
    } finally {
      // A node stopped with SIGSTOP by a failed test cannot handle SIGTERM; whatever 'down' left must not outlive the
      // tests. The pids were written by this testnet's own 'up'.
      for (int i : ALL) {
        Path pidFile = net.resolve("node-" + i + "/pid");
        if (Files.exists(pidFile)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      extraNodes.forEach(Process::destroyForcibly);
      deleteDistribution();
    }
  }

  /** The copy of the distribution (~110 MB) goes with the processes; the nodes' folders and logs stay for inspection. */
  private void deleteDistribution() throws IOException {
    if (!Files.exists(dist)) {
      return;
    }
    try (var paths = Files.walk(dist)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Validator {@code node}'s libp2p peer id, from the address {@code testnet init} wrote to bootnodes.txt. */
  String peerId(int node) throws IOException {
    String suffix = "/tcp/" + p2pPort(node) + "/p2p/";
    return Files.readAllLines(net.resolve("bootnodes.txt")).stream().map(String::trim).filter(a -> a.contains(suffix))
        .map(a -> a.substring(a.indexOf(suffix) + suffix.length())).findFirst()
        .orElseThrow(() -> new AssertionError("no bootnode address for node-" + node + " with " + suffix));
  }

  /** Validator {@code node}'s vote WAL. */
  Path voteWal(int node) {
    return net.resolve("node-" + node + "/data/consensus/votes.wal");
  }

  /** Everything validator {@code node} has logged so far (all its runs). */
  String log(int node) throws IOException {
    return Files.readString(net.resolve("node-" + node + "/node.log"), StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------------- JSON-RPC

  Optional<JsonNode> rpc(int node, String method, String params) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rpcPort(node)))
          .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode result = MAPPER.readTree(response.body()).get("result");
      return result == null || result.isNull() ? Optional.empty() : Optional.of(result);
    } catch (IOException e) {
      // Not listening (stopped, restarting) or not answering in time (SIGSTOPped): no answer.
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The node's head block number, or -1 when it does not answer. */
  long height(int node) {
    return rpc(node, "eth_blockNumber", "[]").map(n -> Long.decode(n.asText())).orElse(-1L);
  }

  long minHeight(List<Integer> nodes) {
    return nodes.stream().mapToLong(this::height).min().orElseThrow();
  }

  long maxHeight(List<Integer> nodes) {
    return nodes.stream().mapToLong(this::height).max().orElseThrow();
  }

  void awaitHeight(List<Integer> nodes, long height, Duration timeout) {
    Poll.until(timeout, "nodes " + nodes + " at height " + height,
        () -> minHeight(nodes) >= height ? Optional.of(true) : Optional.empty());
  }

  /**
   * A probe for {@link Poll#until}: yields the one height all {@code nodes} report once it has not changed for
   * {@code quiet}.
   */
  Supplier<Optional<Long>> stableHeight(List<Integer> nodes, Duration quiet) {
    return new Supplier<>() {
      private long height = -2;
      private long since;

      @Override
      public Optional<Long> get() {
        long min = minHeight(nodes);
        long max = maxHeight(nodes);
        long now = System.nanoTime();
        if (min != max || min != height) {
          height = min == max ? min : -2;
          since = now;
          return Optional.empty();
        }
        return now - since >= quiet.toNanos() ? Optional.of(height) : Optional.empty();
      }
    };
  }

  String blockHash(int node, long height) {
    return rpc(node, "eth_getBlockByNumber", "[\"0x" + Long.toHexString(height) + "\",false]")
        .map(block -> block.get("hash").asText())
        .orElseThrow(() -> new AssertionError("node-" + node + " has no block " + height));
  }

  /** Every node in {@code nodes} reports the same block hash at each height {@code from..to}. */
  void assertSameHashes(List<Integer> nodes, long from, long to) {
    for (long h = from; h <= to; h++) {
      String expected = null;
      for (int node : nodes) {
        String hash = blockHash(node, h);
        if (expected == null) {
          expected = hash;
        }
        assertEquals(expected, hash, "node-" + node + " block " + h + " differs from node-" + nodes.get(0) + "'s");
      }
    }
  }

  /** The same hashes from block 1 up to the lowest head of {@code nodes}: every height they all have. */
  void assertSameHashesOnSharedHeights(List<Integer> nodes) {
    assertSameHashes(nodes, 1, minHeight(nodes));
  }

  // ------------------------------------------------------------------------------------------------ the CLI itself

  private void copyDistribution() throws IOException {
    Path source = DevnetProcess.distribution();
    Files.createDirectories(dist.resolve("lib"));
    Files.copy(source.resolve("veritas.jar"), dist.resolve("veritas.jar"));
    try (var jars = Files.list(source.resolve("lib"))) {
      for (Path jar : (Iterable<Path>) jars::iterator) {
        Files.copy(jar, dist.resolve("lib").resolve(jar.getFileName()));
      }
    }
  }

  /** Runs the distribution's CLI in a child JVM and returns its exit code and output. */
  CliResult cli(String... args) throws IOException, InterruptedException {
    List<String> command = javaCommand();
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("veritas " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new CliResult(process.exitValue(), out);
  }

  private List<String> javaCommand() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", dist.resolve("veritas.jar") + java.io.File.pathSeparator + dist.resolve("lib") + "/*",
        "io.veritas.testnet.cli.VeritasCli"));
    return command;
  }

  /** A base port with RPC ports base..base+4 and p2p ports base+100..base+104 all free right now. */
  private static int pickPorts() {
    Random random = new Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + random.nextInt(20_000);
      if (freeRange(base) && freeRange(base + 100)) {
        return base;
      }
    }
    throw new AssertionError("no free port range found");
  }

  private static boolean freeRange(int base) {
    for (int port = base; port <= base + EXTRA; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
