package io.veritas.chain.rpc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which method namespaces (the prefix before {@code _}: eth, net, web3, veritas, admin, debug, ...) this
 * node serves, and which of them only answer callers on localhost.
 *
 * @param enabled namespaces whose methods are served
 * @param localOnly namespaces whose methods only callers on a loopback address may call
 */
public record NamespacePolicy(Set<String> enabled, Set<String> localOnly) {

  private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9]*");

  /** What the policy says of one call. */
  public enum Access {
    ALLOWED,
    /** The namespace is not enabled on this node. */
    DISABLED,
    /** The namespace is local-only and the caller is not on localhost. */
    LOCAL_ONLY
  }

  public NamespacePolicy {
    enabled = Set.copyOf(enabled);
    localOnly = Set.copyOf(localOnly);
    for (String namespace : enabled) {
      requireNamespace(namespace);
    }
    for (String namespace : localOnly) {
      requireNamespace(namespace);
    }
  }

  /** eth, net, web3, veritas and admin enabled; admin and debug local-only (debug is off until enabled). */
  public static NamespacePolicy defaults() {
    return new NamespacePolicy(Set.of("eth", "net", "web3", "veritas", "admin"), Set.of("admin", "debug"));
  }

  /** The namespace of a method name: the part before the first {@code _}. */
  public static String namespaceOf(String method) {
    int underscore = method.indexOf('_');
    return underscore < 0 ? method : method.substring(0, underscore);
  }

  /**
   * Decides whether a caller may call the method.
   *
   * @param localCaller whether the transport deems the caller local (see {@link JsonRpcRequestContext#isLocalCaller()})
   */
  public Access access(String method, boolean localCaller) {
    String namespace = namespaceOf(method);
    if (!enabled.contains(namespace)) {
      return Access.DISABLED;
    }
    if (localOnly.contains(namespace) && !localCaller) {
      return Access.LOCAL_ONLY;
    }
    return Access.ALLOWED;
  }

  /** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z); false for null. */
  public static boolean isLocal(InetAddress address) {
    if (address == null) {
      return false;
    }
    if (address instanceof Inet4Address || address.isLoopbackAddress()) {
      return address.isLoopbackAddress();
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address && bytes.length == 16 && isIpv4Mapped(bytes)) {
      return bytes[12] == 127;
    }
    return false;
  }

  private static boolean isIpv4Mapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
  }

  private static void requireNamespace(String namespace) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("a namespace is lower-case letters and digits, got '" + namespace + "'");
    }
  }
}
