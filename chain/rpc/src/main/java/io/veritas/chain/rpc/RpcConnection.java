package io.veritas.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A long-lived client connection (WebSocket) a method can push to, e.g. for {@code eth_subscribe}.
 * All methods are thread-safe.
 */
public interface RpcConnection {

  /** A server-unique id of this connection, for logs. */
  String id();

  /** False once the connection has closed; sends are then dropped. */
  boolean isOpen();

  /** Pushes one JSON message (a JSON-RPC notification) to the client. */
  void send(JsonNode notification);

  /**
   * Runs {@code hook} once when the connection closes (immediately, on the caller's thread, if it already
   * has). Hooks run on a network thread: they must be quick and must not block.
   */
  void onClose(Runnable hook);

  /**
   * Registers a subscription, returning its new id (0x-prefixed, 32 hex digits as geth's). {@code onCancel}
   * runs once when it is removed or the connection closes. Events sent for a subscription made while the
   * current call executes are held back until the call's response (which carries the id) has been written, so
   * the client always learns the id first.
   *
   * @throws JsonRpcException {@link JsonRpcException#LIMIT_EXCEEDED} when the connection already holds the
   *     server's maximum number of subscriptions
   */
  String addSubscription(Runnable onCancel) throws JsonRpcException;

  /** Removes a subscription of this connection and runs its cancel hook; false when there is none. */
  boolean removeSubscription(String subscriptionId);

  /** The number of live subscriptions of this connection. */
  int subscriptionCount();

  /**
   * Pushes one subscription event as Ethereum's notification:
   * {@code {"jsonrpc":"2.0","method":"eth_subscription","params":{"subscription":id,"result":result}}},
   * with {@code result} serialised by the server's mapper.
   */
  void sendSubscriptionEvent(String subscriptionId, Object result);
}
