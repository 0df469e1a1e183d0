package io.veritas.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small JSON-RPC 2.0 client over HTTP/1.1 keep-alive (java.net.http), made for load: requests are written
 * as text directly and only the responses are parsed. Safe to share between threads.
 */
public final class JsonRpcHttpClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final HttpClient http;
  private final Duration timeout;

  public JsonRpcHttpClient(URI endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  public URI endpoint() {
    return endpoint;
  }

  /** One call; {@code paramsJson} is the JSON array of parameters. Returns the result, or throws on an error. */
  public JsonNode call(String method, String paramsJson) throws IOException, InterruptedException {
    JsonNode response = JSON.readTree(post(request(1, method, paramsJson)));
    return resultOf(method, response);
  }

  /**
   * One batch of calls of {@code method}, one per element of {@code paramsJson}; returns each call's outcome in
   * the order given (the server may answer a batch in any order: responses are matched by id).
   */
  public List<Outcome> batch(String method, List<String> paramsJson) throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder(paramsJson.size() * 160).append('[');
    for (int i = 0; i < paramsJson.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append(request(i, method, paramsJson.get(i)));
    }
    body.append(']');
    JsonNode responses = JSON.readTree(post(body.toString()));
    if (!responses.isArray()) {
      throw new IOException("JSON-RPC batch of " + method + " answered with a single object: " + abbreviate(responses));
    }
    List<Outcome> outcomes = new ArrayList<>(paramsJson.size());
    for (int i = 0; i < paramsJson.size(); i++) {
      outcomes.add(null);
    }
    for (JsonNode response : responses) {
      JsonNode id = response.get("id");
      if (id == null || !id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= paramsJson.size()) {
        throw new IOException("JSON-RPC batch response with an unknown id: " + abbreviate(response));
      }
      JsonNode error = response.get("error");
      outcomes.set(
          id.asInt(),
          error != null && !error.isNull()
              ? new Outcome(null, error.path("message").asText(error.toString()))
              : new Outcome(response.get("result"), null));
    }
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) == null) {
        throw new IOException("JSON-RPC batch of " + method + " has no response for request " + i);
      }
    }
    return outcomes;
  }

  /**
   * Sends one batch of {@code eth_sendRawTransaction}, one per 0x-prefixed raw transaction, and returns the
   * error message for each transaction the node refused, by index (empty when all were accepted). The load
   * path: a response without any error member is not parsed at all.
   */
  public java.util.Map<Integer, String> sendRawTransactions(List<String> rawHex) throws IOException, InterruptedException {
    StringBuilder body = new StringBuilder(rawHex.size() * (rawHex.isEmpty() ? 0 : rawHex.get(0).length() + 80)).append('[');
    for (int i = 0; i < rawHex.size(); i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
          .append(",\"method\":\"eth_sendRawTransaction\",\"params\":[\"").append(rawHex.get(i)).append("\"]}");
    }
    body.append(']');
    String response = post(body.toString());
    if (!response.contains("\"error\"")) {
      return java.util.Map.of();
    }
    JsonNode responses = JSON.readTree(response);
    if (!responses.isArray()) {
      throw new IOException("JSON-RPC batch answered with a single object: " + abbreviate(responses));
    }
    java.util.Map<Integer, String> errors = new java.util.HashMap<>();
    for (JsonNode r : responses) {
      JsonNode error = r.get("error");
      if (error != null && !error.isNull()) {
        JsonNode id = r.get("id");
        if (id == null || !id.canConvertToInt() || id.asInt() < 0 || id.asInt() >= rawHex.size()) {
          throw new IOException("JSON-RPC batch error for an unknown id: " + abbreviate(r));
        }
        errors.put(id.asInt(), error.path("message").asText(error.toString()));
      }
    }
    return errors;
  }

  /** A call's result, or the error message the server gave instead. */
  public record Outcome(JsonNode result, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private static String request(int id, String method, String paramsJson) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + paramsJson + "}";
  }

  private String post(String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "JSON-RPC endpoint " + endpoint + " answered HTTP " + response.statusCode() + ": "
              + abbreviate(response.body()));
    }
    return response.body();
  }

  private static JsonNode resultOf(String method, JsonNode response) throws IOException {
    JsonNode error = response.get("error");
    if (error != null && !error.isNull()) {
      throw new IOException(method + " failed: " + error.path("message").asText(error.toString()));
    }
    JsonNode result = response.get("result");
    if (result == null) {
      throw new IOException(method + " answered without a result: " + abbreviate(response));
    }
    return result;
  }

  private static String abbreviate(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  /** Parses a JSON-RPC quantity ("0x1a") as a long. */
  public static long quantity(JsonNode node) {
    String text = node.asText();
    if (!text.startsWith("0x") || text.length() < 3) {
      throw new IllegalArgumentException("not a hex quantity: " + text);
    }
    return Long.parseUnsignedLong(text.substring(2), 16);
  }
}
