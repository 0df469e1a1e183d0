package io.veritas.chain.rpc.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.group.ChannelGroup;
import io.veritas.chain.rpc.EthereumHex;
import io.veritas.chain.rpc.dispatch.JsonRpcDispatcher;
import io.veritas.chain.rpc.subscription.SubscriptionTable;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** What the per-connection handlers of one running server share. */
final class ServerResources {

  private final JsonRpcConfig config;
  private final JsonRpcDispatcher dispatcher;
  private final ObjectMapper mapper;
  private final ExecutorService workers;
  private final CorsPolicy cors;
  private final List<StaticRoute> staticRoutes;
  private final Supplier<BooleanSupplier> readinessCheck;
  private final ChannelGroup channels;
  private final ChannelGroup webSockets;
  private final AtomicInteger openWebSockets = new AtomicInteger();
  private final AtomicLong connectionIds = new AtomicLong();
  private final SecureRandom subscriptionIdRandom = new SecureRandom();

  ServerResources(
      JsonRpcConfig config, JsonRpcDispatcher dispatcher, ObjectMapper mapper, ExecutorService workers,
      List<StaticRoute> staticRoutes, Supplier<BooleanSupplier> readinessCheck, ChannelGroup channels,
      ChannelGroup webSockets) {
    this.config = config;
    this.dispatcher = dispatcher;
    this.mapper = mapper;
    this.workers = workers;
    this.cors = new CorsPolicy(config.corsAllowedOrigins());
    this.staticRoutes = staticRoutes;
    this.readinessCheck = readinessCheck;
    this.channels = channels;
    this.webSockets = webSockets;
  }

  JsonRpcConfig config() {
    return config;
  }

  JsonRpcDispatcher dispatcher() {
    return dispatcher;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  ExecutorService workers() {
    return workers;
  }

  CorsPolicy cors() {
    return cors;
  }

  /** Every open connection, HTTP or WebSocket. */
  ChannelGroup channels() {
    return channels;
  }

  /** The connections upgraded to WebSocket, to be told when the server stops. */
  ChannelGroup webSockets() {
    return webSockets;
  }

  Optional<StaticRoute> staticRouteFor(String path) {
    for (StaticRoute route : staticRoutes) {
      if (route.matches(path)) {
        return Optional.of(route);
      }
    }
    return Optional.empty();
  }

  BooleanSupplier readinessCheck() {
    return readinessCheck.get();
  }

  /** Claims a WebSocket slot; false when {@link JsonRpcConfig#maxWebSocketConnections()} are open. */
  boolean tryOpenWebSocket() {
    while (true) {
      int open = openWebSockets.get();
      if (open >= config.maxWebSocketConnections()) {
        return false;
      }
      if (openWebSockets.compareAndSet(open, open + 1)) {
        return true;
      }
    }
  }

  void webSocketClosed() {
    openWebSockets.decrementAndGet();
  }

  int openWebSockets() {
    return openWebSockets.get();
  }

  String nextConnectionId() {
    return "ws-" + connectionIds.incrementAndGet();
  }

  /** Subscription ids are random 128-bit values as geth's, so one client cannot guess another's. */
  SubscriptionTable newSubscriptionTable() {
    return new SubscriptionTable(config.maxSubscriptionsPerConnection(), () -> {
      byte[] id = new byte[16];
      subscriptionIdRandom.nextBytes(id);
      return EthereumHex.data(id);
    });
  }
}
