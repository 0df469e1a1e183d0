package io.veritas.chain.rpc.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.RpcConnection;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection as one WebSocket message's methods see it. Subscriptions made while the message executes
 * hold their events back until the response (with the subscription id) has been written, as geth does, so a
 * client never sees an event for an id it has not been told; {@link #release()} ends that window.
 */
final class CallConnection implements RpcConnection {

  private final WebSocketConnection connection;
  private final List<String> heldSubscriptions = new ArrayList<>();
  private boolean released;

  CallConnection(WebSocketConnection connection) {
    this.connection = connection;
  }

  @Override
  public String addSubscription(Runnable onCancel) throws JsonRpcException {
    synchronized (this) {
      if (!released) {
        String id = connection.addHeldSubscription(onCancel);
        heldSubscriptions.add(id);
        return id;
      }
    }
    return connection.addSubscription(onCancel);
  }

  /** Called after the message's response was handed to the channel. */
  void release() {
    List<String> ids;
    synchronized (this) {
      released = true;
      ids = List.copyOf(heldSubscriptions);
      heldSubscriptions.clear();
    }
    connection.releaseHeld(ids);
  }

  @Override
  public String id() {
    return connection.id();
  }

  @Override
  public boolean isOpen() {
    return connection.isOpen();
  }

  @Override
  public void send(JsonNode notification) {
    connection.send(notification);
  }

  @Override
  public void onClose(Runnable hook) {
    connection.onClose(hook);
  }

  @Override
  public boolean removeSubscription(String subscriptionId) {
    return connection.removeSubscription(subscriptionId);
  }

  @Override
  public int subscriptionCount() {
    return connection.subscriptionCount();
  }

  @Override
  public void sendSubscriptionEvent(String subscriptionId, Object result) {
    connection.sendSubscriptionEvent(subscriptionId, result);
  }
}
