package io.veritas.chain.rpc;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The methods a server answers, by name, filtered by a {@link NamespacePolicy}. Thread-safe: methods may be
 * registered while the server runs (a module coming up late), though normally all are registered first.
 */
public final class MethodRegistry {

  /** {@code namespace_name}, e.g. eth_getBalance, net_version, web3_clientVersion, admin_peers. */
  private static final Pattern METHOD_NAME = Pattern.compile("[a-z][a-z0-9]*_[A-Za-z][A-Za-z0-9_]*");

  private final NamespacePolicy policy;
  private final Map<String, JsonRpcMethod> methods = new ConcurrentHashMap<>();

  public MethodRegistry(NamespacePolicy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** A registry with {@link NamespacePolicy#defaults()}. */
  public MethodRegistry() {
    this(NamespacePolicy.defaults());
  }

  public NamespacePolicy policy() {
    return policy;
  }

  /**
   * Registers a method under its {@link JsonRpcMethod#name()}.
   *
   * @throws IllegalArgumentException when the name is not {@code namespace_method} or is already taken
   */
  public MethodRegistry register(JsonRpcMethod method) {
    String name = Objects.requireNonNull(method, "method").name();
    if (name == null || !METHOD_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a JSON-RPC method name is namespace_method (e.g. eth_getBalance), got '" + name + "' from "
              + method.getClass().getName());
    }
    JsonRpcMethod previous = methods.putIfAbsent(name, method);
    if (previous != null) {
      throw new IllegalArgumentException(
          "JSON-RPC method " + name + " is already registered by " + previous.getClass().getName());
    }
    return this;
  }

  public MethodRegistry registerAll(Iterable<? extends JsonRpcMethod> toRegister) {
    for (JsonRpcMethod method : toRegister) {
      register(method);
    }
    return this;
  }

  /** The registered method of that name, whatever the policy says. */
  public Optional<JsonRpcMethod> find(String name) {
    return Optional.ofNullable(methods.get(name));
  }

  /** Names of the methods the policy enables, sorted (for e.g. an {@code rpc_modules} method). */
  public SortedSet<String> enabledMethodNames() {
    SortedSet<String> names = new TreeSet<>();
    for (String name : methods.keySet()) {
      if (policy.enabled().contains(NamespacePolicy.namespaceOf(name))) {
        names.add(name);
      }
    }
    return names;
  }

  /**
   * The method a caller may call under that name.
   *
   * @param localCaller whether the caller is local (see {@link JsonRpcRequestContext#isLocalCaller()})
   * @throws JsonRpcException {@link JsonRpcException#METHOD_NOT_FOUND} when no such method is registered, its
   *     namespace is disabled, or it is local-only and the caller is not on localhost
   */
  public JsonRpcMethod resolve(String name, boolean localCaller) throws JsonRpcException {
    JsonRpcMethod method = methods.get(name);
    if (method == null) {
      throw JsonRpcException.methodNotFound(name);
    }
    return switch (policy.access(name, localCaller)) {
      case ALLOWED -> method;
      case DISABLED -> throw new JsonRpcException(
          JsonRpcException.METHOD_NOT_FOUND,
          "the method " + name + " does not exist/is not available: the " + NamespacePolicy.namespaceOf(name)
              + " namespace is not enabled on this node");
      case LOCAL_ONLY -> throw new JsonRpcException(
          JsonRpcException.METHOD_NOT_FOUND,
          "the method " + name + " is only available to callers on localhost");
    };
  }
}
