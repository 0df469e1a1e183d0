package io.veritas.chain.rpc.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.RpcConnection;
import io.veritas.chain.rpc.subscription.SubscriptionTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One WebSocket client as methods see it: push, subscriptions and close hooks. */
final class WebSocketConnection implements RpcConnection {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

  private final String id;
  private final Channel channel;
  private final ObjectMapper mapper;
  private final SubscriptionTable subscriptions;
  private final List<Runnable> closeHooks = new ArrayList<>();
  /** Events of subscriptions whose id has not reached the client yet, by subscription id; guarded by this. */
  private final Map<String, List<byte[]>> heldEvents = new HashMap<>();
  private boolean closed;

  WebSocketConnection(String id, Channel channel, ObjectMapper mapper, SubscriptionTable subscriptions) {
    this.id = id;
    this.channel = channel;
    this.mapper = mapper;
    this.subscriptions = subscriptions;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean isOpen() {
    synchronized (this) {
      if (closed) {
        return false;
      }
    }
    return channel.isActive();
  }

  @Override
  public void send(JsonNode notification) {
    Objects.requireNonNull(notification, "notification");
    try {
      push(mapper.writeValueAsBytes(notification));
    } catch (IOException e) {
      throw new IllegalArgumentException("notification cannot be serialised", e);
    }
  }

  @Override
  public void sendSubscriptionEvent(String subscriptionId, Object result) {
    byte[] event = subscriptionEvent(subscriptionId, result);
    synchronized (this) {
      List<byte[]> held = heldEvents.get(subscriptionId);
      if (held != null) {
        held.add(event);
        return;
      }
    }
    push(event);
  }

  private byte[] subscriptionEvent(String subscriptionId, Object result) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = mapper.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("jsonrpc", "2.0");
      generator.writeStringField("method", "eth_subscription");
      generator.writeObjectFieldStart("params");
      generator.writeStringField("subscription", subscriptionId);
      generator.writeFieldName("result");
      mapper.writeValue(generator, result);
      generator.writeEndObject();
      generator.writeEndObject();
    } catch (IOException e) {
      throw new IllegalArgumentException("subscription event of " + subscriptionId + " cannot be serialised", e);
    }
    return out.toByteArray();
  }

  @Override
  public void onClose(Runnable hook) {
    Objects.requireNonNull(hook, "hook");
    synchronized (this) {
      if (!closed) {
        closeHooks.add(hook);
        return;
      }
    }
    runHook(hook);
  }

  @Override
  public String addSubscription(Runnable onCancel) throws JsonRpcException {
    return subscriptions.add(onCancel);
  }

  /**
   * Adds a subscription whose events are held back until {@link #releaseHeld} — until the response carrying
   * its id has been sent. Clients (web3j, for one) drop events of subscription ids they do not know yet.
   */
  String addHeldSubscription(Runnable onCancel) throws JsonRpcException {
    String id = subscriptions.add(onCancel);
    synchronized (this) {
      heldEvents.put(id, new ArrayList<>());
    }
    return id;
  }

  /** Sends the held events of these subscriptions, in order, and lets later events through directly. */
  void releaseHeld(List<String> subscriptionIds) {
    synchronized (this) {
      for (String id : subscriptionIds) {
        List<byte[]> held = heldEvents.remove(id);
        if (held != null) {
          held.forEach(this::push);
        }
      }
    }
  }

  @Override
  public boolean removeSubscription(String subscriptionId) {
    return subscriptions.remove(subscriptionId);
  }

  @Override
  public int subscriptionCount() {
    return subscriptions.size();
  }

  /** Sends a response to one of the client's own requests. */
  void reply(byte[] json) {
    if (channel.isActive()) {
      channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
    }
  }

  /**
   * Pushes a server-initiated message. A client that does not read its socket would make the server buffer
   * without bound; once the channel stops being writable (its outbound buffer passed the high-water mark)
   * the client is dropped, as geth drops slow subscribers.
   */
  private void push(byte[] json) {
    if (!isOpen()) {
      return;
    }
    if (!channel.isWritable()) {
      LOG.warn("closing WebSocket {} from {}: it is not reading its notifications", id, channel.remoteAddress());
      channel
          .writeAndFlush(
              new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION, "notification backlog exceeded"))
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(json)));
  }

  /** Called once when the channel closed: cancels subscriptions, then runs close hooks in order. */
  void closed() {
    List<Runnable> hooks;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      hooks = new ArrayList<>(closeHooks);
      closeHooks.clear();
    }
    subscriptions.cancelAll();
    hooks.forEach(WebSocketConnection::runHook);
  }

  private static void runHook(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      LOG.error("WebSocket close hook failed", e);
    }
  }
}
