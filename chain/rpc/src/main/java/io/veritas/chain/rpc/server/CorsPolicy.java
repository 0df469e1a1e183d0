package io.veritas.chain.rpc.server;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser origins may call the node (the CORS allow-list) and the headers that tell the browser so.
 * Requests without an {@code Origin} header (curl, web3j, node) are not browser cross-origin calls and are
 * always allowed.
 */
final class CorsPolicy {

  static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
  static final String ALLOWED_HEADERS = "Content-Type";
  /** Seconds a browser may cache a preflight answer; Chrome caps this at 7200. */
  static final String MAX_AGE_SECONDS = "600";

  private final boolean anyOrigin;
  private final Set<String> allowedOrigins;

  CorsPolicy(List<String> allowedOrigins) {
    this.anyOrigin = allowedOrigins.contains("*");
    this.allowedOrigins = allowedOrigins.stream().map(CorsPolicy::normalise).collect(Collectors.toUnmodifiableSet());
  }

  /** True when a request carrying this {@code Origin} header (null when absent) may be served. */
  boolean allows(String origin) {
    return origin == null || anyOrigin || allowedOrigins.contains(normalise(origin));
  }

  /**
   * True when a request with this {@code Origin} (null when absent) to this {@code Host} may count as local:
   * no browser page (tools send no Origin), a page the node serves itself (same origin), or an origin the
   * operator listed by name. The {@code "*"} wildcard admits any page to call the node, but not as a local
   * caller — else any site the node's user visits could reach local-only methods through the user's browser.
   */
  boolean trustsAsLocal(String origin, String host) {
    if (origin == null) {
      return true;
    }
    String normalised = normalise(origin);
    if (allowedOrigins.contains(normalised)) {
      return true;
    }
    if (host == null) {
      return false;
    }
    String server = host.trim().toLowerCase(Locale.ROOT);
    return normalised.equals("http://" + server) || normalised.equals("https://" + server);
  }

  /** Adds the response headers of an allowed cross-origin request; nothing for same-origin or tool calls. */
  void addResponseHeaders(HttpHeaders headers, String origin) {
    if (origin == null || !allows(origin)) {
      return;
    }
    if (anyOrigin) {
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    } else {
      headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
      // The answer depends on the Origin header, so shared caches must key on it.
      headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
    }
  }

  /** Adds the preflight (OPTIONS) answer's headers for an allowed origin. */
  void addPreflightHeaders(HttpHeaders headers, String origin) {
    addResponseHeaders(headers, origin);
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
    headers.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS);
    headers.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE_SECONDS);
  }

  /** Origins compare case-insensitively (scheme and host are), without a trailing slash. */
  private static String normalise(String origin) {
    String lower = origin.trim().toLowerCase(Locale.ROOT);
    return lower.endsWith("/") ? lower.substring(0, lower.length() - 1) : lower;
  }
}
