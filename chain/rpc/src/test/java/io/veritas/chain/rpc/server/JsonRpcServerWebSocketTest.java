package io.veritas.chain.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.rpc.RpcConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JSON-RPC over WebSocket on the same port, driven by the JDK's WebSocket client. */
class JsonRpcServerWebSocketTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final TestMethods methods = new TestMethods();
  private final HttpClient client = HttpClient.newHttpClient();
  private JsonRpcServer server;

  private void start(JsonRpcConfig.Builder config) {
    server = new JsonRpcServer(config.port(0).ioThreads(1).workerThreads(2).build(), methods.registry());
    server.start();
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop();
    }
  }

  /** Collects whole text messages and the close status. */
  private static final class Client implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    final CompletableFuture<String> pong = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      pong.complete(StandardCharsets.UTF_8.decode(message).toString());
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeStatus.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closeStatus.completeExceptionally(error);
    }

    String next() throws InterruptedException {
      String message = messages.poll(10, TimeUnit.SECONDS);
      assertNotNull(message, "no WebSocket message within 10 s");
      return message;
    }
  }

  private WebSocket connect(Client listener) {
    return client.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port()), listener).join();
  }

  @Test
  void answersRequestsAndBatchesOverTheSamePort() throws Exception {
    start(JsonRpcConfig.builder());
    Client listener = new Client();
    WebSocket socket = connect(listener);

    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":[\"0x1\",\"0x2\"]}", true).join();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x3\"}", listener.next());

    socket.sendText("[{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_caller\"},"
        + "{\"jsonrpc\":\"2.0\",\"method\":\"test_null\"},{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"foo_bar\"}]", true).join();
    assertEquals("[{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"true true\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"error\":{\"code\":-32601,\"message\":\"the method foo_bar does not exist/is not available\"}}]",
        listener.next());

    socket.sendText("{not json", true).join();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"parse error: invalid JSON at line 1, column 2\"}}",
        listener.next());
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
  }

  @Test
  void keepsLocalOnlyNamespacesFromBrowserPagesOfOtherOrigins() throws Exception {
    start(JsonRpcConfig.builder());
    Client listener = new Client();
    WebSocket socket = client.newWebSocketBuilder().header("Origin", "http://evil.example")
        .buildAsync(URI.create("ws://127.0.0.1:" + server.port()), listener).join();

    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin_nodeInfo\"}", true).join();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"the method admin_nodeInfo is only available to callers on localhost\"}}",
        listener.next());
    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_caller\"}", true).join();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"false true\"}", listener.next());
  }

  @Test
  void refusesUpgradesFromOriginsNotAllowed() {
    start(JsonRpcConfig.builder().corsAllowedOrigins(List.of("http://wallet.example")));
    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> client.newWebSocketBuilder().header("Origin", "http://evil.example")
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port()), new Client()).get(10, TimeUnit.SECONDS));
    assertEquals(403, assertInstanceOf(WebSocketHandshakeException.class, refused.getCause()).getResponse().statusCode());
  }

  @Test
  void pushesSubscriptionEventsAndRunsCloseHooks() throws Exception {
    start(JsonRpcConfig.builder());
    Client listener = new Client();
    WebSocket socket = connect(listener);

    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\"}", true).join();
    JsonNode answer = MAPPER.readTree(listener.next());
    String subscription = answer.get("result").textValue();
    assertTrue(subscription.matches("0x[0-9a-f]{32}"), subscription);
    RpcConnection connection = methods.lastConnection.get();
    assertTrue(connection.isOpen());
    assertEquals(1, connection.subscriptionCount());

    connection.sendSubscriptionEvent(subscription, Map.of("number", "0x1"));
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\""
        + subscription + "\",\"result\":{\"number\":\"0x1\"}}}", listener.next());
    connection.send(MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"method\":\"veritas_notice\",\"params\":[]}"));
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"veritas_notice\",\"params\":[]}", listener.next());

    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    assertTrue(methods.subscriptionCancelled.await(10, TimeUnit.SECONDS), "subscription was not cancelled on close");
    assertTrue(methods.connectionClosed.await(10, TimeUnit.SECONDS), "close hook did not run");
    assertFalse(connection.isOpen());
    assertEquals(0, connection.subscriptionCount());
  }

  @Test
  void answersPingsWithTheirPayload() throws Exception {
    start(JsonRpcConfig.builder());
    Client listener = new Client();
    WebSocket socket = connect(listener);
    socket.sendPing(ByteBuffer.wrap("are you there".getBytes(StandardCharsets.UTF_8))).join();
    assertEquals("are you there", listener.pong.get(10, TimeUnit.SECONDS));
  }

  @Test
  void deliversTheSubscriptionIdBeforeItsFirstEvent() throws Exception {
    start(JsonRpcConfig.builder());
    Client listener = new Client();
    WebSocket socket = connect(listener);

    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribeAndEmit\"}", true).join();

    String subscription = MAPPER.readTree(listener.next()).get("result").textValue();
    assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\""
        + subscription + "\",\"result\":\"first event\"}}", listener.next());
  }

  @Test
  void unsubscribeRunsTheCancelHook() throws Exception {
    start(JsonRpcConfig.builder());
    Client listener = new Client();
    WebSocket socket = connect(listener);
    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\"}", true).join();
    String subscription = MAPPER.readTree(listener.next()).get("result").textValue();

    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"test_unsubscribe\",\"params\":[\"" + subscription + "\"]}", true).join();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":true}", listener.next());
    assertTrue(methods.subscriptionCancelled.await(10, TimeUnit.SECONDS));
    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test_unsubscribe\",\"params\":[\"" + subscription + "\"]}", true).join();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":false}", listener.next());
  }

  @Test
  void limitsSubscriptionsPerConnection() throws Exception {
    start(JsonRpcConfig.builder().maxSubscriptionsPerConnection(2));
    Client listener = new Client();
    WebSocket socket = connect(listener);
    for (int id = 1; id <= 2; id++) {
      socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"test_subscribe\"}", true).join();
      assertTrue(MAPPER.readTree(listener.next()).has("result"));
    }
    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"test_subscribe\"}", true).join();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32005,\"message\":"
        + "\"subscription limit reached: this connection already holds 2 subscriptions\"}}", listener.next());
  }

  @Test
  void closesWithMessageTooBigWhenAMessageExceedsTheLimit() throws Exception {
    start(JsonRpcConfig.builder().maxWebSocketMessageBytes(1024));
    Client listener = new Client();
    WebSocket socket = connect(listener);

    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\"" + "a".repeat(2000) + "\"]}", true);

    assertEquals(1009, listener.closeStatus.get(10, TimeUnit.SECONDS));
  }

  @Test
  void refusesConnectionsOverTheLimitUntilOneCloses() throws Exception {
    start(JsonRpcConfig.builder().maxWebSocketConnections(1));
    Client first = new Client();
    WebSocket firstSocket = connect(first);
    firstSocket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\"}", true).join();
    first.next();

    ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
        () -> client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port()), new Client())
            .get(10, TimeUnit.SECONDS));
    WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
    assertEquals(503, handshake.getResponse().statusCode());

    firstSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    assertTrue(methods.connectionClosed.await(10, TimeUnit.SECONDS));
    Client second = new Client();
    WebSocket secondSocket = connect(second);
    secondSocket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_null\"}", true).join();
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":null}", second.next());
  }

  @Test
  void stoppingTheServerClosesConnectionsAndRunsTheirHooks() throws Exception {
    start(JsonRpcConfig.builder());
    Client listener = new Client();
    WebSocket socket = connect(listener);
    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_subscribe\"}", true).join();
    listener.next();

    server.stop();

    assertEquals(1001, listener.closeStatus.get(10, TimeUnit.SECONDS));
    assertTrue(methods.connectionClosed.await(10, TimeUnit.SECONDS));
    assertTrue(methods.subscriptionCancelled.await(10, TimeUnit.SECONDS));
  }
}
