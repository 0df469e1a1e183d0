package io.veritas.testnet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/** JSON-RPC over one WebSocket connection (java.net.http), with the messages it receives kept in order. */
final class WebSocketRpc implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final WebSocket socket;
  private int nextId = 1;

  WebSocketRpc(String url) {
    try {
      this.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .buildAsync(URI.create(url), new Collector())
              .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot open a WebSocket to " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends a call and returns its response (notifications that arrive first stay queued for {@link #next}). */
  JsonNode call(String method, Object... params) {
    int id = nextId++;
    try {
      String text = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method, "params", List.of(params)));
      socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot send " + method, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return next(Duration.ofSeconds(10), m -> m.has("id") && m.get("id").asInt() == id, "the response to " + method);
  }

  /** The first received message matching {@code wanted}, removing it; other messages stay queued. */
  JsonNode next(Duration timeout, Predicate<JsonNode> wanted, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> skipped = new ArrayList<>();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode message = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
        if (message == null) {
          throw new AssertionError("no " + what + " within " + timeout.toMillis() + " ms");
        }
        if (wanted.test(message)) {
          return message;
        }
        skipped.add(message);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + what, e);
    } finally {
      // Keep what was passed over, ahead of what arrives later.
      List<JsonNode> rest = new ArrayList<>(skipped);
      received.drainTo(rest);
      received.addAll(rest);
    }
  }

  /** The next eth_subscription notification of {@code subscription}: its {@code result}. */
  JsonNode notification(String subscription, Duration timeout) {
    JsonNode message =
        next(
            timeout,
            m -> "eth_subscription".equals(m.path("method").asText())
                && subscription.equals(m.path("params").path("subscription").asText()),
            "notification of subscription " + subscription);
    return message.get("params").get("result");
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    socket.abort();
  }

  private final class Collector implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          received.add(JSON.readTree(partial.toString()));
        } catch (IOException e) {
          throw new UncheckedIOException("the node sent a WebSocket message that is not JSON: " + partial, e);
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
