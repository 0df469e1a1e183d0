package io.veritas.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MethodRegistryTest {

  private static JsonRpcMethod method(String name) {
    return new JsonRpcMethod() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Object execute(JsonRpcRequestContext ctx) {
        return name;
      }
    };
  }

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void recognisesLoopbackCallersOnly() throws Exception {
    assertTrue(NamespacePolicy.isLocal(ip("127.0.0.1")));
    assertTrue(NamespacePolicy.isLocal(ip("127.8.9.10")));
    assertTrue(NamespacePolicy.isLocal(ip("::1")));
    assertTrue(NamespacePolicy.isLocal(InetAddress.getByAddress(
        new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1})));
    assertFalse(NamespacePolicy.isLocal(ip("192.0.2.1")));
    assertFalse(NamespacePolicy.isLocal(ip("10.0.0.1")));
    assertFalse(NamespacePolicy.isLocal(ip("2001:db8::1")));
    assertFalse(NamespacePolicy.isLocal(ip("0.0.0.0")));
    assertFalse(NamespacePolicy.isLocal(null));
  }

  @Test
  void answersLocalOnlyNamespacesOnlyOnLocalhost() throws Exception {
    MethodRegistry registry = new MethodRegistry().register(method("admin_peers"));

    assertEquals("admin_peers", registry.resolve("admin_peers", true).name());
    JsonRpcException remote = assertThrows(JsonRpcException.class, () -> registry.resolve("admin_peers", false));
    assertEquals(JsonRpcException.METHOD_NOT_FOUND, remote.code());
    assertEquals("the method admin_peers is only available to callers on localhost", remote.getMessage());
  }

  @Test
  void refusesMethodsOfDisabledNamespaces() throws Exception {
    MethodRegistry registry = new MethodRegistry(new NamespacePolicy(Set.of("eth"), Set.of()))
        .registerAll(List.of(method("eth_chainId"), method("veritas_jobs")));

    assertEquals("eth_chainId", registry.resolve("eth_chainId", false).name());
    JsonRpcException disabled = assertThrows(JsonRpcException.class, () -> registry.resolve("veritas_jobs", true));
    assertEquals(JsonRpcException.METHOD_NOT_FOUND, disabled.code());
    assertEquals("the method veritas_jobs does not exist/is not available: the veritas namespace is not enabled on this node",
        disabled.getMessage());
    assertEquals(Set.of("eth_chainId"), registry.enabledMethodNames());
  }

  @Test
  void answersUnknownMethodsLikeGeth() {
    JsonRpcException unknown = assertThrows(JsonRpcException.class, () -> new MethodRegistry().resolve("foo_bar", true));
    assertEquals(JsonRpcException.METHOD_NOT_FOUND, unknown.code());
    assertEquals("the method foo_bar does not exist/is not available", unknown.getMessage());
  }

  @Test
  void refusesDuplicateAndMalformedNames() {
    MethodRegistry registry = new MethodRegistry();
    JsonRpcMethod first = method("eth_chainId");
    registry.register(first);
    IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class, () -> registry.register(method("eth_chainId")));
    assertTrue(duplicate.getMessage().startsWith("JSON-RPC method eth_chainId is already registered by "), duplicate.getMessage());
    assertSame(first, registry.find("eth_chainId").orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> registry.register(method("chainId")));
    assertThrows(IllegalArgumentException.class, () -> registry.register(method("Eth_chainId")));
    assertThrows(IllegalArgumentException.class, () -> registry.register(method("eth_")));
  }

  @Test
  void defaultPolicyServesTheStandardNamespacesAndKeepsAdminLocal() {
    NamespacePolicy policy = NamespacePolicy.defaults();
    assertEquals(NamespacePolicy.Access.ALLOWED, policy.access("eth_call", false));
    assertEquals(NamespacePolicy.Access.ALLOWED, policy.access("veritas_jobs", false));
    assertEquals(NamespacePolicy.Access.LOCAL_ONLY, policy.access("admin_peers", false));
    assertEquals(NamespacePolicy.Access.ALLOWED, policy.access("admin_peers", true));
    assertEquals(NamespacePolicy.Access.DISABLED, policy.access("debug_traceTransaction", true));
    assertThrows(IllegalArgumentException.class, () -> new NamespacePolicy(Set.of("Eth"), Set.of()));
  }
}
