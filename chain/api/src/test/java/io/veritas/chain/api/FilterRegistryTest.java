package io.veritas.chain.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.rpc.JsonRpcException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FilterRegistryTest {
  private final AtomicLong now = new AtomicLong();
  private final FilterRegistry filters = new FilterRegistry(now::get, 1_000, 2);

  @Test
  void unknownFilterIsAServerErrorLikeGeth() {
    var e = assertThrows(JsonRpcException.class, () -> filters.changes("0x1234"));
    assertEquals(JsonRpcException.SERVER_ERROR, e.code());
    assertEquals("filter not found", e.getMessage());
  }

  @Test
  void filtersExpireWhenNotPolledWithinTheTimeout() throws JsonRpcException {
    String id = filters.install(FilterRegistry.Kind.BLOCKS, Optional.empty());
    now.set(999);
    assertEquals(0, filters.changes(id).size(), "polled in time");
    now.set(1_999 + 1);
    assertThrows(JsonRpcException.class, () -> filters.changes(id));
    assertEquals(0, filters.size());
  }

  @Test
  void limitsHowManyFiltersExist() throws JsonRpcException {
    filters.install(FilterRegistry.Kind.BLOCKS, Optional.empty());
    filters.install(FilterRegistry.Kind.PENDING_TRANSACTIONS, Optional.empty());
    var e = assertThrows(JsonRpcException.class, () -> filters.install(FilterRegistry.Kind.BLOCKS, Optional.empty()));
    assertEquals(JsonRpcException.LIMIT_EXCEEDED, e.code());
  }

  @Test
  void uninstallReportsWhetherTheFilterExisted() throws JsonRpcException {
    String id = filters.install(FilterRegistry.Kind.BLOCKS, Optional.empty());
    assertEquals(true, filters.uninstall(id));
    assertEquals(false, filters.uninstall(id));
  }
}
