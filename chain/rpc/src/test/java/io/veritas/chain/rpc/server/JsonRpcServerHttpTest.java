package io.veritas.chain.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** HTTP behaviour of a real server on 127.0.0.1: limits, CORS, health, static routes, pipelining, busy. */
class JsonRpcServerHttpTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final TestMethods methods = new TestMethods();
  private JsonRpcServer server;

  private RpcHttp start(JsonRpcConfig.Builder config) {
    server = new JsonRpcServer(config.port(0).ioThreads(1).build(), methods.registry());
    server.start();
    return new RpcHttp(server.port());
  }

  private RpcHttp start() {
    return start(JsonRpcConfig.builder().workerThreads(2));
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void reportsTheEphemeralPortItBound() {
    start();
    assertTrue(server.port() > 0 && server.port() <= 65_535);
    assertTrue(server.isRunning());
  }

  @Test
  void failsClearlyWhenThePortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      JsonRpcServer clash = new JsonRpcServer(
          JsonRpcConfig.builder().port(taken.getLocalPort()).ioThreads(1).build(), methods.registry());
      UncheckedIOException failure = assertThrows(UncheckedIOException.class, clash::start);
      assertTrue(failure.getMessage().startsWith("cannot bind the JSON-RPC server to 127.0.0.1:" + taken.getLocalPort()),
          failure.getMessage());
      assertFalse(clash.isRunning());
    }
  }

  @Test
  void answersOversizedBodyWith413NamingTheLimitAndKeepsServing() throws Exception {
    RpcHttp http = start(JsonRpcConfig.builder().maxRequestBodyBytes(1024));
    String big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\"" + "a".repeat(2000) + "\"]}";

    HttpResponse<String> response = http.post(big);

    assertEquals(413, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    assertEquals(MAPPER.readTree(
            "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32005,\"message\":\"request body exceeds the limit of 1024 bytes\"}}"),
        MAPPER.readTree(response.body()));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x3\"}",
        http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":[\"0x1\",\"0x2\"]}").body());
  }

  @Test
  void writesResponseFieldsInJsonRpcOrder() throws Exception {
    RpcHttp http = start();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":\"q\",\"error\":{\"code\":-32601,\"message\":\"the method foo_bar does not exist/is not available\"}}",
        http.post("{\"jsonrpc\":\"2.0\",\"id\":\"q\",\"method\":\"foo_bar\"}").body());
  }

  @Test
  void rejectsBodiesThatAreNotJsonWith415() throws Exception {
    RpcHttp http = start();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/")).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\"}")).build());
    assertEquals(415, response.statusCode());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: Content-Type must be application/json, got 'text/plain'\"}}",
        response.body());

    HttpResponse<String> withCharset = http.send(HttpRequest.newBuilder(http.uri("/"))
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\"}")).build());
    assertEquals(200, withCharset.statusCode());
  }

  @Test
  void answersCorsPreflightForAnyOriginByDefault() throws Exception {
    RpcHttp http = start();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://localhost:3000")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type")
        .build());

    assertEquals(204, response.statusCode());
    assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElseThrow());
    assertEquals("GET, POST, OPTIONS", response.headers().firstValue("access-control-allow-methods").orElseThrow());
    assertEquals("Content-Type", response.headers().firstValue("access-control-allow-headers").orElseThrow());
    assertEquals("600", response.headers().firstValue("access-control-max-age").orElseThrow());
  }

  @Test
  void addsAllowOriginToCrossOriginCalls() throws Exception {
    RpcHttp http = start();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(http.uri("/"))
        .header("Content-Type", "application/json").header("Origin", "http://localhost:3000")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\"}")).build());
    assertEquals(200, response.statusCode());
    assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElseThrow());
  }

  @Test
  void checksOriginsAgainstTheAllowList() throws Exception {
    RpcHttp http = start(JsonRpcConfig.builder().corsAllowedOrigins(List.of("http://wallet.example")));

    HttpResponse<String> allowed = http.send(HttpRequest.newBuilder(http.uri("/"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://wallet.example").header("Access-Control-Request-Method", "POST").build());
    assertEquals(204, allowed.statusCode());
    assertEquals("http://wallet.example", allowed.headers().firstValue("access-control-allow-origin").orElseThrow());
    assertEquals("origin", allowed.headers().firstValue("vary").orElseThrow().toLowerCase());

    HttpResponse<String> deniedPreflight = http.send(HttpRequest.newBuilder(http.uri("/"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST").build());
    assertEquals(403, deniedPreflight.statusCode());
    assertTrue(deniedPreflight.headers().firstValue("access-control-allow-origin").isEmpty());

    HttpResponse<String> deniedCall = http.send(HttpRequest.newBuilder(http.uri("/"))
        .header("Content-Type", "application/json").header("Origin", "http://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\"}")).build());
    assertEquals(403, deniedCall.statusCode());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"invalid request: origin http://evil.example is not allowed by this node's CORS settings\"}}",
        deniedCall.body());

    HttpResponse<String> toolCall = http.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\"}");
    assertEquals(200, toolCall.statusCode());
  }

  /**
   * With CORS open to any origin, a page from another site could call a node on the user's machine through the
   * user's browser, which connects from localhost; such a call must not count as local.
   */
  @Test
  void keepsLocalOnlyNamespacesFromBrowserPagesOfOtherOrigins() throws Exception {
    RpcHttp http = start();
    String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin_nodeInfo\"}";

    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"the method admin_nodeInfo is only available to callers on localhost\"}}",
        postWithOrigin(http, call, "http://evil.example").body());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"veritas/test\"}",
        postWithOrigin(http, call, "http://127.0.0.1:" + server.port()).body());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"veritas/test\"}", http.post(call).body());
  }

  @Test
  void trustsExplicitlyListedOriginsAsLocal() throws Exception {
    RpcHttp http = start(JsonRpcConfig.builder().corsAllowedOrigins(List.of("http://localhost:3000")));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"true false\"}",
        postWithOrigin(http, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_caller\"}", "http://localhost:3000").body());
  }

  private static HttpResponse<String> postWithOrigin(RpcHttp http, String body, String origin) throws Exception {
    return http.send(HttpRequest.newBuilder(http.uri("/")).header("Content-Type", "application/json").header("Origin", origin)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void servesLivenessAndReadinessFromTheCheck() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    RpcHttp http = start(JsonRpcConfig.builder().readinessCheck(ready::get));

    HttpResponse<String> liveness = http.get("/liveness");
    assertEquals(200, liveness.statusCode());
    assertEquals("{\"status\":\"UP\"}", liveness.body());
    assertEquals("application/json", liveness.headers().firstValue("content-type").orElseThrow());

    HttpResponse<String> notReady = http.get("/readiness");
    assertEquals(503, notReady.statusCode());
    assertEquals("{\"status\":\"DOWN\"}", notReady.body());

    ready.set(true);
    HttpResponse<String> isReady = http.get("/readiness");
    assertEquals(200, isReady.statusCode());
    assertEquals("{\"status\":\"UP\"}", isReady.body());

    server.setReadinessCheck(() -> {
      throw new IllegalStateException("sync status unavailable");
    });
    assertEquals(503, http.get("/readiness").statusCode());
  }

  @Test
  void servesStaticFilesWithTheirContentTypes() throws Exception {
    RpcHttp http = start();
    server.addStaticRoute("/explorer", "explorer-test");

    HttpResponse<String> bare = http.get("/explorer");
    assertEquals(301, bare.statusCode());
    assertEquals("/explorer/", bare.headers().firstValue("location").orElseThrow());

    HttpResponse<String> index = http.get("/explorer/");
    assertEquals(200, index.statusCode());
    assertEquals("text/html; charset=utf-8", index.headers().firstValue("content-type").orElseThrow());
    assertTrue(index.body().contains("<title>test explorer</title>"), index.body());

    assertStatic(http, "/explorer/index.html", "text/html; charset=utf-8", null);
    assertStatic(http, "/explorer/app.js", "text/javascript; charset=utf-8", "console.log(\"explorer\");\n");
    assertStatic(http, "/explorer/style.css", "text/css; charset=utf-8", "body { margin: 0; }\n");
    assertStatic(http, "/explorer/config.json", "application/json", "{\"network\":\"devnet\"}\n");
    assertStatic(http, "/explorer/img/logo.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    assertStatic(http, "/explorer/img/blob.bin", "application/octet-stream", "opaque");

    HttpResponse<String> folder = http.get("/explorer/img");
    assertEquals(301, folder.statusCode());
    assertEquals("/explorer/img/", folder.headers().firstValue("location").orElseThrow());

    assertEquals(404, http.get("/explorer/missing.js").statusCode());
    assertEquals(404, http.get("/explorer/%2e%2e/logback-test.xml").statusCode());
    assertEquals(404, http.get("/explorer/img/%2e%2e/%2e%2e/logback-test.xml").statusCode());
    assertEquals(404, http.get("/explorerx/app.js").statusCode());
  }

  @Test
  void answersHeadWithHeadersOnly() throws Exception {
    RpcHttp http = start();
    server.addStaticRoute("/explorer/", "/explorer-test/");
    HttpResponse<String> head = http.send(HttpRequest.newBuilder(http.uri("/explorer/app.js"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, head.statusCode());
    assertEquals("25", head.headers().firstValue("content-length").orElseThrow());
    assertEquals("", head.body());
  }

  @Test
  void refusesStaticRoutesThatClashWithTheServer() {
    start();
    assertThrows(IllegalArgumentException.class, () -> server.addStaticRoute("/", "explorer-test"));
    assertThrows(IllegalArgumentException.class, () -> server.addStaticRoute("/liveness", "explorer-test"));
    server.addStaticRoute("/explorer", "explorer-test");
    assertThrows(IllegalArgumentException.class, () -> server.addStaticRoute("/explorer/", "other"));
  }

  @Test
  void answersUnknownPathsAndMethodsWithHttpErrors() throws Exception {
    RpcHttp http = start();
    assertEquals(404, http.get("/nowhere").statusCode());
    HttpResponse<String> getRoot = http.get("/");
    assertEquals(405, getRoot.statusCode());
    assertEquals("POST, GET, OPTIONS", getRoot.headers().firstValue("allow").orElseThrow());
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /explorer/%zz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String status = new String(socket.getInputStream().readNBytes(24), StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 400 Bad Request", status);
    }
  }

  /**
   * Two pipelined requests on one keep-alive connection: the first blocks until the second has run, so the
   * second finishes first, yet the answers come back in request order — and the slow method did not stall
   * the fast one.
   */
  @Test
  void answersPipelinedRequestsInOrderWhileRunningThemConcurrently() throws Exception {
    start();
    String first = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_waitForSignal\"}";
    String second = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_signal\"}";
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write((post(first) + post(second)).getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();

      assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"signalled\"}", readHttpBody(in));
      assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"sent\"}", readHttpBody(in));
    }
  }

  @Test
  void closesIdleKeepAliveConnections() throws Exception {
    start(JsonRpcConfig.builder().httpIdleTimeoutSeconds(1));
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\"}").getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", readHttpBody(in));
      // The server closes the quiet connection after its idle timeout; the read ends with EOF, not the 10 s timeout.
      assertEquals(-1, in.read());
    }
  }

  @Test
  void answersBusyWhenTheQueueIsFull() throws Exception {
    RpcHttp http = start(JsonRpcConfig.builder().workerThreads(1).maxQueuedRequests(1));
    CompletableFuture<HttpResponse<String>> blocker = post(http, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_waitForSignal\"}");
    assertTrue(methods.waiting.await(10, TimeUnit.SECONDS));

    CompletableFuture<HttpResponse<String>> queuedOrRejected = post(http, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_null\"}");
    CompletableFuture<HttpResponse<String>> rejectedOrQueued = post(http, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test_null\"}");
    // One of the two waits in the queue's only slot; the other is turned away. Which is which depends on
    // which reaches the server first, so wait for the rejection before releasing the worker.
    HttpResponse<String> rejected =
        queuedOrRejected.applyToEither(rejectedOrQueued, first -> first).get(10, TimeUnit.SECONDS);
    methods.signal.countDown();

    assertEquals(429, rejected.statusCode());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32005,\"message\":\"server busy: 1 requests are already queued; retry later\"}}",
        rejected.body());
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"signalled\"}", blocker.get(10, TimeUnit.SECONDS).body());
    HttpResponse<String> other = (queuedOrRejected.get(10, TimeUnit.SECONDS) == rejected ? rejectedOrQueued : queuedOrRejected)
        .get(10, TimeUnit.SECONDS);
    assertEquals(200, other.statusCode());
  }

  @Test
  void servesAgainAfterStopAndStart() throws Exception {
    start();
    server.stop();
    assertFalse(server.isRunning());
    assertThrows(IllegalStateException.class, server::port);
    server.start();
    RpcHttp http = new RpcHttp(server.port());
    assertEquals(200, http.get("/liveness").statusCode());
  }

  private static CompletableFuture<HttpResponse<String>> post(RpcHttp http, String body) {
    return http.client().sendAsync(HttpRequest.newBuilder(http.uri("/")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void assertStatic(RpcHttp http, String path, String contentType, String body) throws Exception {
    HttpResponse<String> response = http.get(path);
    assertEquals(200, response.statusCode(), path);
    assertEquals(contentType, response.headers().firstValue("content-type").orElseThrow(), path);
    assertEquals("nosniff", response.headers().firstValue("x-content-type-options").orElseThrow(), path);
    if (body != null) {
      assertEquals(body, response.body(), path);
    }
  }

  private String post(String json) {
    return "POST / HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
  }

  /** Reads one HTTP/1.1 response with a Content-Length and returns its body. */
  private static String readHttpBody(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside headers: " + head);
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.US_ASCII);
    assertTrue(headers.startsWith("HTTP/1.1 200 OK\r\n"), headers);
    assertFalse(headers.toLowerCase().contains("connection: close"), headers);
    int length = -1;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
