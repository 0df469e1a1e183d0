package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code veritas testnet init / up / status / down} from the packaged distribution: four real validator processes on
 * 127.0.0.1 running BFT consensus. Checks through JSON-RPC that every node reports the same block hash at every
 * height, that three of four validators keep finalizing after {@code kill -9} of the fourth, and that the restarted
 * validator catches up onto the same chain.
 */
class TestnetIT {
  private static final int VALIDATORS = 4;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final List<String> JVM_FLAGS = List.of("--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
      "--sun-misc-unsafe-memory-access=allow", "-Xmx384m", "-XX:TieredStopAtLevel=1");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Path dir;
  private int baseRpcPort;

  @AfterEach
  void down() throws Exception {
    if (dir == null) {
      return;
    }
    try {
      cli("testnet", "down", "--dir", dir.toString(), "--grace", "10s");
    } finally {
      // Whatever 'down' could not stop must not outlive the test: the pids were written by this test's 'up'.
      for (int i = 0; i < VALIDATORS; i++) {
        Path pidFile = dir.resolve("node-" + i + "/pid");
        if (Files.exists(pidFile)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
    }
  }

  @Test
  void fourValidatorsAgreeSurviveAKilledValidatorAndItCatchesUp() throws Exception {
    dir = Files.createTempDirectory("veritas-it-testnet-");
    Path net = dir.resolve("net");
    pickPorts();
    assertEquals(0, cli("testnet", "init", "--validators", "4", "--dir", net.toString(), "--block-time", "500ms",
        "--base-rpc-port", Integer.toString(baseRpcPort), "--base-p2p-port", Integer.toString(baseRpcPort + 100)).exit);
    dir = net;
    assertEquals(0, cli("testnet", "up", "--dir", net.toString()).exit, "testnet up");

    List<Integer> all = List.of(0, 1, 2, 3);
    awaitHeight(all, 5, Duration.ofSeconds(60));
    assertSameHashes(all, 1, 5);

    JsonNode status = MAPPER.readTree(cli("testnet", "status", "--dir", net.toString(), "--json").out);
    assertEquals(VALIDATORS, status.size());
    for (JsonNode node : status) {
      assertTrue(node.get("alive").asBoolean(), node.toString());
      assertTrue(node.get("height").asLong() >= 5, node.toString());
      assertTrue(node.get("peers").asLong() >= 1, node.toString());
      assertTrue(node.has("round"), node.toString());
    }

    // kill -9 one validator: the other three hold 3/4 > 2/3 of the power and continue.
    long pid = Long.parseLong(Files.readString(net.resolve("node-3/pid")).trim());
    ProcessHandle victim = ProcessHandle.of(pid).orElseThrow();
    victim.destroyForcibly();
    victim.onExit().get(10, TimeUnit.SECONDS);
    List<Integer> survivors = List.of(0, 1, 2);
    long atKill = minHeight(survivors);
    awaitHeight(survivors, atKill + 5, Duration.ofSeconds(40));
    assertSameHashes(survivors, 1, atKill + 5);

    // Restart it: it syncs what it missed and votes again.
    assertEquals(0, cli("testnet", "up", "--dir", net.toString()).exit, "testnet up (restart)");
    long target = minHeight(survivors) + 3;
    awaitHeight(all, target, Duration.ofSeconds(60));
    assertSameHashes(all, 1, target);

    assertEquals(0, cli("testnet", "down", "--dir", net.toString()).exit);
    for (int i : all) {
      assertFalse(Files.exists(net.resolve("node-" + i + "/pid")), "pid file of node-" + i + " removed");
    }
    dir = null;
  }

  // ------------------------------------------------------------------------------------------------------ helpers

  private record CliResult(int exit, String out) {}

  /** Runs the distribution's CLI in a child JVM, as a user would, and returns its exit code and output. */
  private CliResult cli(String... args) throws IOException, InterruptedException {
    Path dist = DevnetProcess.distribution();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(List.of("-cp", dist.resolve("veritas.jar") + java.io.File.pathSeparator + dist.resolve("lib") + "/*",
        "io.veritas.testnet.cli.VeritasCli"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("veritas " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new CliResult(process.exitValue(), out);
  }

  /** A base port with RPC ports base..base+3 and p2p ports base+100..base+103 all free right now. */
  private void pickPorts() {
    Random random = new Random();
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + random.nextInt(20_000);
      if (freeRange(base) && freeRange(base + 100)) {
        baseRpcPort = base;
        return;
      }
    }
    throw new AssertionError("no free port range found");
  }

  private static boolean freeRange(int base) {
    for (int port = base; port < base + VALIDATORS; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  private Optional<JsonNode> rpc(int node, String method, String params) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (baseRpcPort + node)))
          .timeout(Duration.ofSeconds(3)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode result = MAPPER.readTree(response.body()).get("result");
      return result == null || result.isNull() ? Optional.empty() : Optional.of(result);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private long height(int node) {
    return rpc(node, "eth_blockNumber", "[]").map(n -> Long.decode(n.asText())).orElse(-1L);
  }

  private long minHeight(List<Integer> nodes) {
    return nodes.stream().mapToLong(this::height).min().orElseThrow();
  }

  private void awaitHeight(List<Integer> nodes, long height, Duration timeout) {
    Poll.until(timeout, "nodes " + nodes + " at height " + height + " (now " + nodes.stream().map(this::height).toList() + ")",
        () -> minHeight(nodes) >= height ? Optional.of(true) : Optional.empty());
  }

  private void assertSameHashes(List<Integer> nodes, long from, long to) {
    for (long h = from; h <= to; h++) {
      String expected = null;
      for (int node : nodes) {
        long number = h;
        JsonNode block = rpc(node, "eth_getBlockByNumber", "[\"0x" + Long.toHexString(h) + "\",false]")
            .orElseThrow(() -> new AssertionError("node-" + node + " has no block " + number));
        String hash = block.get("hash").asText();
        if (expected == null) {
          expected = hash;
        }
        assertEquals(expected, hash, "node-" + node + " block " + h);
      }
    }
  }
}
