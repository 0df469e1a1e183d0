package io.veritas.chain.rpc.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.rpc.MethodRegistry;
import io.veritas.chain.rpc.NamespacePolicy;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dispatcher without a network: caller-dependent rules and serialisation failures. */
class JsonRpcDispatcherTest {

  private static final InetSocketAddress REMOTE = new InetSocketAddress("192.0.2.7", 40_000);
  private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 40_000);

  private static JsonRpcMethod method(String name, Object result) {
    return new JsonRpcMethod() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Object execute(JsonRpcRequestContext ctx) {
        return result != null ? result : ctx.remoteAddress().orElseThrow().getAddress().getHostAddress() + " " + ctx.isLocalCaller();
      }
    };
  }

  private static final JsonRpcDispatcher DISPATCHER = new JsonRpcDispatcher(
      new MethodRegistry().register(method("admin_peers", "[]")).register(method("eth_caller", null))
          .register(method("eth_unserialisable", new Object())),
      new ObjectMapper(), 8);

  /** Callers here are local exactly when their address is loopback, as for a tool without an Origin. */
  private static String dispatch(String body, InetSocketAddress caller) {
    InputStream in = new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
    boolean local = caller != null && NamespacePolicy.isLocal(caller.getAddress());
    Optional<byte[]> response = DISPATCHER.dispatch(in, caller, local, null);
    return response.map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse("<none>");
  }

  @Test
  void refusesLocalOnlyMethodsToRemoteCallers() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"the method admin_peers is only available to callers on localhost\"}}",
        dispatch("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin_peers\"}", REMOTE));
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"[]\"}",
        dispatch("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin_peers\"}", LOCAL));
  }

  @Test
  void tellsMethodsWhoCalled() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"192.0.2.7 false\"}",
        dispatch("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_caller\"}", REMOTE));
  }

  @Test
  void answersInternalErrorWhenAResultCannotBeSerialised() {
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32603,\"message\":\"internal error\"}}",
        dispatch("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_unserialisable\"}", LOCAL));
  }

  @Test
  void keepsGoodResultsOfABatchBesideAFailedOne() {
    String response = dispatch("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_unserialisable\"},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"admin_peers\"}]", LOCAL);
    assertEquals("[{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32603,\"message\":\"internal error\"}},"
        + "{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"[]\"}]", response);
  }

  @Test
  void treatsUnknownCallersAsRemote() {
    assertTrue(dispatch("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin_peers\"}", null).contains("only available to callers on localhost"));
  }
}
