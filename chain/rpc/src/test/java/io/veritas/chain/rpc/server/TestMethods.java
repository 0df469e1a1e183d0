package io.veritas.chain.rpc.server;

import io.veritas.chain.rpc.EthereumHex;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.rpc.MethodRegistry;
import io.veritas.chain.rpc.NamespacePolicy;
import io.veritas.chain.rpc.RpcConnection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Small methods the server tests call; each shows one behaviour of the framework. */
final class TestMethods {

  /** A block-like record, to show records serialise as JSON objects. */
  record BlockSummary(String number, List<String> transactions, boolean finalized) {}

  /** Released by {@code test_signal}; awaited by {@code test_waitForSignal}. */
  final CountDownLatch signal = new CountDownLatch(1);
  /** Counted down when {@code test_waitForSignal} starts executing. */
  final CountDownLatch waiting = new CountDownLatch(1);
  /** The connection of the last {@code test_subscribe} call. */
  final AtomicReference<RpcConnection> lastConnection = new AtomicReference<>();
  final CountDownLatch connectionClosed = new CountDownLatch(1);
  final CountDownLatch subscriptionCancelled = new CountDownLatch(1);

  /** Namespaces test, admin (local-only) and eth enabled; debug registered but disabled. */
  MethodRegistry registry() {
    MethodRegistry registry = new MethodRegistry(new NamespacePolicy(Set.of("test", "admin", "eth"), Set.of("admin")));
    registry.register(method("test_add", ctx -> EthereumHex.quantity(
        ctx.paramReader().quantityLong(0, "a") + ctx.paramReader().quantityLong(1, "b"))));
    registry.register(method("test_echo", JsonRpcRequestContext::params));
    registry.register(method("test_null", ctx -> null));
    registry.register(method("test_block", ctx -> new BlockSummary("0x10", List.of("0xaa", "0xbb"), true)));
    registry.register(method("test_balance", ctx -> {
      ctx.paramReader().hexBytes(0, "address", 20);
      return "0x0";
    }));
    registry.register(method("test_fail", ctx -> {
      throw new IllegalStateException("database handle 0xdeadbeef is closed");
    }));
    registry.register(method("test_revert", ctx -> {
      throw JsonRpcException.executionReverted("execution reverted: not owner",
          "0x08c379a00000000000000000000000000000000000000000000000000000000000000020");
    }));
    registry.register(method("test_reject", ctx -> {
      throw JsonRpcException.serverError("nonce too low: account 0xf39f has nonce 7, transaction has 5");
    }));
    registry.register(method("test_caller", ctx -> ctx.isLocalCaller() + " " + ctx.connection().isPresent()));
    registry.register(method("test_waitForSignal", ctx -> {
      waiting.countDown();
      try {
        return signal.await(10, TimeUnit.SECONDS) ? "signalled" : "timed out";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }));
    registry.register(method("test_signal", ctx -> {
      signal.countDown();
      return "sent";
    }));
    registry.register(method("test_subscribe", ctx -> {
      RpcConnection connection = ctx.connection().orElseThrow(
          () -> JsonRpcException.serverError("subscriptions need a WebSocket connection"));
      lastConnection.set(connection);
      connection.onClose(connectionClosed::countDown);
      return connection.addSubscription(subscriptionCancelled::countDown);
    }));
    registry.register(method("test_subscribeAndEmit", ctx -> {
      RpcConnection connection = ctx.connection().orElseThrow();
      String id = connection.addSubscription(() -> {});
      // An event fired before the method even returns: it must still reach the client after the id does.
      connection.sendSubscriptionEvent(id, "first event");
      return id;
    }));
    registry.register(method("test_unsubscribe", ctx -> ctx.connection().orElseThrow()
        .removeSubscription(ctx.paramReader().string(0, "subscription"))));
    registry.register(method("admin_nodeInfo", ctx -> "veritas/test"));
    registry.register(method("debug_traceTransaction", ctx -> "trace"));
    return registry;
  }

  @FunctionalInterface
  interface Body {
    Object execute(JsonRpcRequestContext ctx) throws JsonRpcException;
  }

  static JsonRpcMethod method(String name, Body body) {
    return new JsonRpcMethod() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
        return body.execute(ctx);
      }
    };
  }
}
