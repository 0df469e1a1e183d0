package io.veritas.chain.rpc.server;

import io.veritas.chain.rpc.JsonRpcException;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Settings of a {@link JsonRpcServer}; build with {@link #builder()}.
 *
 * @param host interface to bind, default 127.0.0.1
 * @param port TCP port, default 8545; 0 binds an ephemeral port ({@link JsonRpcServer#port()} reports it)
 * @param corsAllowedOrigins browser origins allowed to call (e.g. {@code http://localhost:3000}); {@code "*"}
 *     allows any, the default
 * @param maxRequestBodyBytes largest HTTP request body, default 5 MiB; larger bodies get HTTP 413
 * @param maxBatchSize most requests in one batch, default 1024
 * @param maxWebSocketConnections most WebSocket connections open at once, default 128
 * @param maxSubscriptionsPerConnection most subscriptions one WebSocket connection may hold, default 128
 * @param maxWebSocketMessageBytes largest WebSocket message (all its frames), default 5 MiB
 * @param workerThreads threads that execute methods, default twice the processors (at least 4)
 * @param maxQueuedRequests requests (a batch counts once) waiting for a worker before the server answers
 *     "busy" with {@link JsonRpcException#LIMIT_EXCEEDED}, default 10,000
 * @param ioThreads Netty event-loop threads doing network I/O only, default min(4, processors)
 * @param httpIdleTimeoutSeconds an HTTP connection with no traffic and no request in progress for this long is
 *     closed, default 60; WebSocket connections are exempt (a quiet subscription is legitimate)
 * @param readinessCheck answers {@code GET /readiness} (200 when true, 503 when false), default always ready
 */
public record JsonRpcConfig(
    String host,
    int port,
    List<String> corsAllowedOrigins,
    int maxRequestBodyBytes,
    int maxBatchSize,
    int maxWebSocketConnections,
    int maxSubscriptionsPerConnection,
    int maxWebSocketMessageBytes,
    int workerThreads,
    int maxQueuedRequests,
    int ioThreads,
    int httpIdleTimeoutSeconds,
    BooleanSupplier readinessCheck) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8545;
  public static final int DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
  public static final int DEFAULT_MAX_BATCH_SIZE = 1024;

  public JsonRpcConfig {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("JSON-RPC host must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("JSON-RPC port must be 0..65535, got " + port);
    }
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    for (String origin : corsAllowedOrigins) {
      if (origin.isBlank()) {
        throw new IllegalArgumentException("a CORS allowed origin must not be blank");
      }
    }
    requirePositive("maxRequestBodyBytes", maxRequestBodyBytes);
    requirePositive("maxBatchSize", maxBatchSize);
    requirePositive("maxWebSocketConnections", maxWebSocketConnections);
    requirePositive("maxSubscriptionsPerConnection", maxSubscriptionsPerConnection);
    requirePositive("maxWebSocketMessageBytes", maxWebSocketMessageBytes);
    requirePositive("workerThreads", workerThreads);
    requirePositive("maxQueuedRequests", maxQueuedRequests);
    requirePositive("ioThreads", ioThreads);
    requirePositive("httpIdleTimeoutSeconds", httpIdleTimeoutSeconds);
    Objects.requireNonNull(readinessCheck, "readinessCheck");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .corsAllowedOrigins(corsAllowedOrigins)
        .maxRequestBodyBytes(maxRequestBodyBytes)
        .maxBatchSize(maxBatchSize)
        .maxWebSocketConnections(maxWebSocketConnections)
        .maxSubscriptionsPerConnection(maxSubscriptionsPerConnection)
        .maxWebSocketMessageBytes(maxWebSocketMessageBytes)
        .workerThreads(workerThreads)
        .maxQueuedRequests(maxQueuedRequests)
        .ioThreads(ioThreads)
        .httpIdleTimeoutSeconds(httpIdleTimeoutSeconds)
        .readinessCheck(readinessCheck);
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException("JSON-RPC " + name + " must be positive, got " + value);
    }
  }

  /** Builds a {@link JsonRpcConfig}; every setting starts at its documented default. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private List<String> corsAllowedOrigins = List.of("*");
    private int maxRequestBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private int maxWebSocketConnections = 128;
    private int maxSubscriptionsPerConnection = 128;
    private int maxWebSocketMessageBytes = DEFAULT_MAX_BODY_BYTES;
    private int workerThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private int maxQueuedRequests = 10_000;
    private int ioThreads = Math.min(4, Runtime.getRuntime().availableProcessors());
    private int httpIdleTimeoutSeconds = 60;
    private BooleanSupplier readinessCheck = () -> true;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder corsAllowedOrigins(List<String> origins) {
      this.corsAllowedOrigins = origins;
      return this;
    }

    public Builder maxRequestBodyBytes(int bytes) {
      this.maxRequestBodyBytes = bytes;
      return this;
    }

    public Builder maxBatchSize(int size) {
      this.maxBatchSize = size;
      return this;
    }

    public Builder maxWebSocketConnections(int connections) {
      this.maxWebSocketConnections = connections;
      return this;
    }

    public Builder maxSubscriptionsPerConnection(int subscriptions) {
      this.maxSubscriptionsPerConnection = subscriptions;
      return this;
    }

    public Builder maxWebSocketMessageBytes(int bytes) {
      this.maxWebSocketMessageBytes = bytes;
      return this;
    }

    public Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    public Builder maxQueuedRequests(int requests) {
      this.maxQueuedRequests = requests;
      return this;
    }

    public Builder ioThreads(int threads) {
      this.ioThreads = threads;
      return this;
    }

    public Builder httpIdleTimeoutSeconds(int seconds) {
      this.httpIdleTimeoutSeconds = seconds;
      return this;
    }

    public Builder readinessCheck(BooleanSupplier check) {
      this.readinessCheck = check;
      return this;
    }

    public JsonRpcConfig build() {
      return new JsonRpcConfig(
          host, port, corsAllowedOrigins, maxRequestBodyBytes, maxBatchSize, maxWebSocketConnections,
          maxSubscriptionsPerConnection, maxWebSocketMessageBytes, workerThreads, maxQueuedRequests, ioThreads,
          httpIdleTimeoutSeconds, readinessCheck);
    }
  }
}
