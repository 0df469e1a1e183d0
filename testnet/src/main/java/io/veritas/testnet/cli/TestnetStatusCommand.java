package io.veritas.testnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veritas testnet status}: per node its process id and whether it is alive, RPC URL, head height and hash,
 * peer count, and consensus height/round (from {@code veritas_consensusState}); {@code --json} for scripts.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show each node's height, peers, round, RPC URL and pid.")
public final class TestnetStatusCommand implements Callable<Integer> {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Option(names = "--dir", required = true, description = "The testnet folder written by 'testnet init'.")
  Path dir;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Override
  public Integer call() throws IOException, InterruptedException {
    TestnetLayout layout = new TestnetLayout(dir.toAbsolutePath().normalize());
    ArrayNode out = MAPPER.createArrayNode();
    for (int i : layout.nodes()) {
      ObjectNode node = out.addObject();
      node.put("node", i);
      Optional<ProcessHandle> process = layout.process(i);
      if (process.isPresent()) {
        node.put("pid", process.get().pid());
      } else {
        node.putNull("pid");
      }
      node.put("alive", process.isPresent());
      String url = "http://127.0.0.1:" + layout.rpcPort(i);
      node.put("rpcUrl", url);
      node.put("log", layout.log(i).toString());
      if (process.isPresent()) {
        call(url, "eth_getBlockByNumber", "[\"latest\",false]").ifPresent(b -> {
          node.put("height", Long.decode(b.get("number").asText()));
          node.put("hash", b.get("hash").asText());
        });
        call(url, "net_peerCount", "[]").ifPresent(p -> node.put("peers", Long.decode(p.asText())));
        call(url, "veritas_consensusState", "[]").ifPresent(c -> {
          node.put("consensusHeight", Long.decode(c.get("height").asText()));
          node.put("round", Long.decode(c.get("round").asText()));
        });
      }
    }
    if (json) {
      System.out.println(MAPPER.writeValueAsString(out));
      return 0;
    }
    System.out.printf("%-7s %-8s %-6s %-24s %-8s %-6s %-6s %s%n", "NODE", "PID", "ALIVE", "RPC", "HEIGHT", "PEERS", "ROUND", "HEAD");
    for (JsonNode n : out) {
      System.out.printf("%-7s %-8s %-6s %-24s %-8s %-6s %-6s %s%n", "node-" + n.get("node").asInt(), text(n, "pid"),
          n.get("alive").asBoolean() ? "yes" : "no", n.get("rpcUrl").asText(), text(n, "height"), text(n, "peers"),
          text(n, "round"), text(n, "hash"));
    }
    return 0;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? "-" : v.asText();
  }

  /** The result of a JSON-RPC call, or empty when the node does not answer or has no such method. */
  private Optional<JsonNode> call(String url, String method, String params) throws InterruptedException {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode result = MAPPER.readTree(response.body()).get("result");
      return result == null || result.isNull() ? Optional.empty() : Optional.of(result);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
