package io.veritas.testnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.tools.bench.ChainBenchmark;
import io.veritas.tools.bench.ChainBenchmarkConfig;
import io.veritas.tools.bench.ChainBenchmarkResult;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code veritas bench consensus}: a throw-away local BFT testnet ({@code testnet init} + {@code up} in a temporary
 * folder), loaded with pre-signed transfers through one validator's JSON-RPC by {@link ChainBenchmark}; prints the
 * sustained included transfers per second, blocks per minute, rounds per height and submit-to-finalized latency, then
 * stops the testnet ({@code down}). A block is only committed with +2/3 precommits, so the benchmark's
 * submit-to-included latency is submit-to-finalized.
 */
@Command(name = "consensus", mixinStandardHelpOptions = true,
    description = "Measure a local multi-validator BFT testnet under a steady transfer load (started and stopped for you).")
public final class BenchConsensusCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How often every validator's veritas_consensusState is sampled for the round of each decided height. */
  private static final Duration ROUND_SAMPLING = Duration.ofMillis(100);

  @Option(names = "--validators", description = "Validator processes (default: ${DEFAULT-VALUE}).", defaultValue = "4")
  int validators;

  @Option(names = "--json", description = "Print only one JSON object with the figures.")
  boolean json;

  @Option(names = "--block-time", description = "The testnet's block time (default: ${DEFAULT-VALUE}).",
      defaultValue = "1s", converter = DurationConverter.class)
  Duration blockTime;

  @Mixin TransferLoadOptions load;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (validators < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--validators must be at least 1, got " + validators);
    }
    Path dir = Files.createTempDirectory("veritas-bench-consensus-");
    TestnetLayout layout = new TestnetLayout(dir.resolve("net"));
    int baseRpcPort = freeBasePort(validators);
    // The testnet commands report progress on stdout; here it goes to stderr, so --json prints exactly one object.
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try {
      run(new TestnetInitCommand(), "--validators", Integer.toString(validators), "--dir", layout.dir().toString(),
          "--block-time", blockTime.toMillis() + "ms", "--base-rpc-port", Integer.toString(baseRpcPort),
          "--base-p2p-port", Integer.toString(baseRpcPort + 1000));
      run(new TestnetUpCommand(), "--dir", layout.dir().toString());
    } catch (IOException | RuntimeException e) {
      down(layout);
      System.setOut(stdout);
      throw e;
    }
    System.setOut(stdout);

    RoundSampler rounds = new RoundSampler(layout);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().name("bench-round-sampler").daemon().unstarted(r));
    ChainBenchmarkResult result;
    try {
      sampler.scheduleWithFixedDelay(rounds::sample, 0, ROUND_SAMPLING.toMillis(), TimeUnit.MILLISECONDS);
      URI rpc = URI.create("http://127.0.0.1:" + layout.rpcPort(0));
      ChainBenchmarkConfig config = load.config(rpc, blockTime, OptionalLong.of(layout.process(0).orElseThrow(
          () -> new IOException("node-0 is not running; see " + layout.log(0))).pid()));
      result = new ChainBenchmark(config).run();
    } finally {
      sampler.shutdownNow();
      System.setOut(System.err);
      try {
        down(layout);
      } finally {
        System.setOut(stdout);
      }
    }

    double blocksPerMinute = result.windowSeconds() == 0 ? 0 : result.blocks() * 60.0 / result.windowSeconds();
    double roundsPerHeight = rounds.roundsPerHeight();
    if (json) {
      ObjectNode o = (ObjectNode) JSON.readTree(result.toJson());
      o.put("validators", validators);
      o.put("blocksPerMinute", Math.round(blocksPerMinute * 10) / 10.0);
      o.put("roundsPerHeight", Math.round(roundsPerHeight * 1000) / 1000.0);
      o.put("heightsSampled", rounds.heights());
      System.out.println(o);
    } else {
      System.out.print(result.summary());
      System.out.printf(Locale.ROOT, "validators: %d, blocks/min: %.1f, rounds per height: %.3f (over %d decided heights)%n",
          validators, blocksPerMinute, roundsPerHeight, rounds.heights());
      System.out.println("latency is submit-to-finalized: a block is committed only with +2/3 precommits");
    }
    System.out.flush();
    return 0;
  }

  private static void run(Callable<Integer> command, String... args) throws IOException {
    int exit = new CommandLine(command).setExecutionExceptionHandler(new UserErrorHandler()).execute(args);
    if (exit != 0) {
      throw new IOException(command.getClass().getSimpleName() + " " + String.join(" ", args) + " exited with " + exit);
    }
  }

  private static void down(TestnetLayout layout) {
    new CommandLine(new TestnetDownCommand()).execute("--dir", layout.dir().toString());
  }

  /** A base port b with b..b+n-1 (JSON-RPC) and b+1000..b+1000+n-1 (libp2p) free on 127.0.0.1 right now. */
  private static int freeBasePort(int n) throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
      if (free(base, n) && free(base + 1000, n)) {
        return base;
      }
    }
    throw new IOException("no free range of " + n + " ports found for the testnet after 50 tries");
  }

  private static boolean free(int base, int n) {
    for (int port = base; port < base + n; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }

  /**
   * The round in which each height was decided, from every validator's {@code veritas_consensusState}
   * (lastDecidedHeight, lastDecidedRound), sampled often enough at second blocks to see (nearly) every height.
   */
  private static final class RoundSampler {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final List<URI> nodes = new ArrayList<>();
    private final Map<Long, Integer> roundByHeight = new ConcurrentHashMap<>();

    RoundSampler(TestnetLayout layout) throws IOException {
      for (int i : layout.nodes()) {
        nodes.add(URI.create("http://127.0.0.1:" + layout.rpcPort(i)));
      }
    }

    void sample() {
      for (URI node : nodes) {
        try {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(node).timeout(Duration.ofSeconds(1))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"veritas_consensusState\",\"params\":[]}")).build(),
              HttpResponse.BodyHandlers.ofString());
          JsonNode state = JSON.readTree(response.body()).path("result");
          if (state.has("lastDecidedHeight")) {
            long height = Long.decode(state.get("lastDecidedHeight").asText());
            int round = Integer.decode(state.get("lastDecidedRound").asText());
            if (height > 0) {
              roundByHeight.merge(height, round, Math::max);
            }
          }
        } catch (IOException e) {
          // A busy node not answering within a second is missed in this sample, not an error: the next one sees it.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    int heights() {
      return roundByHeight.size();
    }

    /** Mean rounds a height took (a decision in round r took r + 1 rounds); 0 when nothing was sampled. */
    double roundsPerHeight() {
      return roundByHeight.values().stream().mapToInt(r -> r + 1).average().orElse(0);
    }
  }
}
