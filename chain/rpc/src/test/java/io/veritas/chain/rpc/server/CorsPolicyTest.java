package io.veritas.chain.rpc.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorsPolicyTest {

  @Test
  void wildcardAllowsEveryOriginButTrustsNoForeignPageAsLocal() {
    CorsPolicy any = new CorsPolicy(List.of("*"));
    assertTrue(any.allows("https://app.uniswap.org"));
    assertTrue(any.allows(null));
    assertTrue(any.trustsAsLocal(null, "127.0.0.1:8545"));
    assertTrue(any.trustsAsLocal("http://127.0.0.1:8545", "127.0.0.1:8545"));
    assertFalse(any.trustsAsLocal("https://app.uniswap.org", "127.0.0.1:8545"));
    assertFalse(any.trustsAsLocal("http://127.0.0.1:9999", "127.0.0.1:8545"));
  }

  @Test
  void listedOriginsMatchWithoutCaseOrTrailingSlash() {
    CorsPolicy listed = new CorsPolicy(List.of("http://Localhost:3000/"));
    assertTrue(listed.allows("http://localhost:3000"));
    assertTrue(listed.trustsAsLocal("http://LOCALHOST:3000", "127.0.0.1:8545"));
    assertFalse(listed.allows("http://localhost:3001"));
    assertFalse(listed.allows("null"));
  }

  @Test
  void echoesListedOriginsAndVariesOnOrigin() {
    HttpHeaders headers = new DefaultHttpHeaders();
    new CorsPolicy(List.of("http://wallet.example")).addPreflightHeaders(headers, "http://wallet.example");
    assertEquals("http://wallet.example", headers.get("access-control-allow-origin"));
    assertEquals("origin", headers.get("vary"));
    assertEquals("GET, POST, OPTIONS", headers.get("access-control-allow-methods"));
    assertEquals("Content-Type", headers.get("access-control-allow-headers"));
    assertEquals("600", headers.get("access-control-max-age"));

    HttpHeaders denied = new DefaultHttpHeaders();
    new CorsPolicy(List.of("http://wallet.example")).addResponseHeaders(denied, "http://evil.example");
    assertNull(denied.get("access-control-allow-origin"));
  }
}
