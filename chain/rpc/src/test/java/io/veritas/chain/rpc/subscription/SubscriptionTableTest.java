package io.veritas.chain.rpc.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.rpc.JsonRpcException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionTableTest {

  private static SubscriptionTable table(int max, String... ids) {
    Iterator<String> next = List.of(ids).iterator();
    return new SubscriptionTable(max, next::next);
  }

  @Test
  void cancelsOnRemoveOnce() throws Exception {
    List<String> cancelled = new ArrayList<>();
    SubscriptionTable table = table(4, "0x01", "0x02");
    String first = table.add(() -> cancelled.add("first"));
    String second = table.add(() -> cancelled.add("second"));

    assertEquals("0x01", first);
    assertEquals("0x02", second);
    assertTrue(table.remove(first));
    assertFalse(table.remove(first));
    assertEquals(List.of("first"), cancelled);
    assertEquals(1, table.size());
  }

  @Test
  void refusesSubscriptionsOverTheLimit() throws Exception {
    SubscriptionTable table = table(1, "0x01", "0x02");
    table.add(() -> {});
    JsonRpcException full = assertThrows(JsonRpcException.class, () -> table.add(() -> {}));
    assertEquals(JsonRpcException.LIMIT_EXCEEDED, full.code());
    assertEquals("subscription limit reached: this connection already holds 1 subscriptions", full.getMessage());
  }

  @Test
  void skipsRepeatedIds() throws Exception {
    SubscriptionTable table = table(4, "0x01", "0x01", "0x02");
    assertEquals("0x01", table.add(() -> {}));
    assertEquals("0x02", table.add(() -> {}));
  }

  @Test
  void cancelAllRunsEveryHookInOrderDespiteFailuresAndRefusesNewOnes() throws Exception {
    List<String> cancelled = new ArrayList<>();
    SubscriptionTable table = table(4, "0x01", "0x02", "0x03");
    table.add(() -> cancelled.add("a"));
    table.add(() -> {
      throw new IllegalStateException("hook failure");
    });
    table.add(() -> cancelled.add("c"));

    table.cancelAll();

    assertEquals(List.of("a", "c"), cancelled);
    assertEquals(0, table.size());
    List<String> late = new ArrayList<>();
    assertThrows(JsonRpcException.class, () -> table.add(() -> late.add("late")));
    assertEquals(List.of("late"), late);
  }
}
