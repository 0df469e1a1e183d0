package io.veritas.testnet.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * JSON-RPC over plain HTTP (java.net.http), for what a typed client cannot send (malformed JSON, huge bodies)
 * and for fields web3j's types do not expose.
 */
final class RawRpc {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One HTTP exchange: the status code and the body as sent by the server. */
  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new IllegalStateException("the server's reply is not JSON (HTTP " + status + "): " + body, e);
      }
    }
  }

  private final URI endpoint;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  private int nextId = 1;

  RawRpc(String url) {
    this.endpoint = URI.create(url);
  }

  /** POSTs {@code body} as application/json exactly as given. */
  Reply post(String body) {
    return post(HttpRequest.BodyPublishers.ofString(body));
  }

  Reply post(byte[] body) {
    return post(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private Reply post(HttpRequest.BodyPublisher body) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(body)
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + endpoint + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Sends a CORS preflight as a browser (or MetaMask's extension page) does before a cross-origin POST. */
  HttpResponse<Void> preflight(String origin) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(30))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new UncheckedIOException("OPTIONS " + endpoint + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The whole response object of one call: {@code {"jsonrpc":"2.0","id":..,"result"|"error":..}}. */
  synchronized JsonNode call(String method, Object... params) {
    String body;
    try {
      body =
          JSON.writeValueAsString(
              java.util.Map.of("jsonrpc", "2.0", "id", nextId++, "method", method, "params", List.of(params)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Reply reply = post(body);
    if (reply.status() != 200) {
      throw new IllegalStateException(method + " answered HTTP " + reply.status() + ": " + reply.body());
    }
    return reply.json();
  }

  /** The {@code result} of a call that must succeed. */
  JsonNode result(String method, Object... params) {
    JsonNode response = call(method, params);
    if (response.has("error")) {
      throw new IllegalStateException(method + " failed: " + response.get("error"));
    }
    return response.get("result");
  }

  static BigInteger quantity(JsonNode hex) {
    String text = hex.asText();
    if (!text.startsWith("0x")) {
      throw new IllegalArgumentException("not a hex quantity: " + text);
    }
    return new BigInteger(text.substring(2), 16);
  }

  static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }
}
