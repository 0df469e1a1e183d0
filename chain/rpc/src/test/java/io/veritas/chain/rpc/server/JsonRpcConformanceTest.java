package io.veritas.chain.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden request/response pairs (Besu's conformance-test style): each file in {@code conformance/} holds a
 * {@code request} (JSON, or {@code rawRequest} text for malformed bodies) and the exact {@code response},
 * or no {@code response} when the server must answer with no body (HTTP 204). Sent over real HTTP.
 */
class JsonRpcConformanceTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static JsonRpcServer server;
  private static RpcHttp http;

  @BeforeAll
  static void startServer() {
    JsonRpcConfig config = JsonRpcConfig.builder().port(0).maxBatchSize(4).workerThreads(2).ioThreads(1).build();
    server = new JsonRpcServer(config, new TestMethods().registry());
    server.start();
    http = new RpcHttp(server.port());
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path folder = Path.of(JsonRpcConformanceTest.class.getResource("/conformance").toURI());
    try (Stream<Path> files = Files.list(folder)) {
      List<Path> sorted = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
      assertTrue(sorted.size() >= 30, "conformance cases missing: " + sorted.size());
      return sorted.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersExactlyAsTheGoldenFileSays(Path file) throws IOException, InterruptedException {
    JsonNode spec = MAPPER.readTree(file.toFile());
    String body = spec.has("rawRequest") ? spec.get("rawRequest").textValue() : MAPPER.writeValueAsString(spec.get("request"));

    HttpResponse<String> response = http.post(body);

    if (spec.has("response")) {
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("application/json", response.headers().firstValue("content-type").orElse(null));
      assertEquals(spec.get("response"), MAPPER.readTree(response.body()), "response to " + body);
    } else {
      assertEquals(204, response.statusCode(), response.body());
      assertEquals("", response.body());
    }
  }
}
