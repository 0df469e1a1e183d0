package io.veritas.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/** What a {@link JsonRpcMethod} sees of one call: its params, who called, and over which connection. */
public final class JsonRpcRequestContext {

  private final String method;
  private final JsonNode id;
  private final JsonNode params;
  private final JsonRpcParams paramReader;
  private final InetSocketAddress remoteAddress;
  private final boolean localCaller;
  private final RpcConnection connection;

  /**
   * @param id the request id (a string, number or null node), or null for a notification
   * @param params the request's params (array, object, or missing/null for none)
   * @param remoteAddress the caller's address, or null when unknown
   * @param localCaller whether the transport deems the caller local: on a loopback address and not a browser
   *     page of a foreign origin (see {@link #isLocalCaller()})
   * @param connection the WebSocket connection the call came over, or null for HTTP
   */
  public JsonRpcRequestContext(
      String method, JsonNode id, JsonNode params, ObjectMapper mapper, InetSocketAddress remoteAddress,
      boolean localCaller, RpcConnection connection) {
    this.method = Objects.requireNonNull(method, "method");
    this.id = id;
    this.params = params == null || params.isNull() ? MissingNode.getInstance() : params;
    this.paramReader = new JsonRpcParams(this.params, Objects.requireNonNull(mapper, "mapper"));
    this.remoteAddress = remoteAddress;
    this.localCaller = localCaller;
    this.connection = connection;
  }

  /** The method name as called. */
  public String method() {
    return method;
  }

  /** The request id; empty for a notification (whose result nobody will read). */
  public Optional<JsonNode> id() {
    return Optional.ofNullable(id);
  }

  /** The raw params: an array, an object, or a missing node when none were given. */
  public JsonNode params() {
    return params;
  }

  /** The typed reader over {@link #params()}. */
  public JsonRpcParams paramReader() {
    return paramReader;
  }

  /** The caller's address; empty when unknown. */
  public Optional<InetSocketAddress> remoteAddress() {
    return Optional.ofNullable(remoteAddress);
  }

  /**
   * True when the caller connected from a loopback address (127.0.0.0/8 or ::1) and is not a browser page of
   * another origin: with CORS open to any origin, any web page the node's user visits could otherwise reach
   * local-only methods through the user's own browser, which connects from localhost.
   */
  public boolean isLocalCaller() {
    return localCaller;
  }

  /** The WebSocket connection the call came over; empty for HTTP calls. */
  public Optional<RpcConnection> connection() {
    return Optional.ofNullable(connection);
  }
}
