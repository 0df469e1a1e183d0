package io.veritas.chain.txpool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TxPoolConfigTest {
  @Test
  void builderStartsFromTheDocumentedDefaults() {
    assertEquals(
        new TxPoolConfig(
            7357, 50_000, 64L * 1024 * 1024, 1_000, 64, 128 * 1024, UInt256.valueOf(1_000_000_000L), 10, 30_000_000),
        TxPoolConfig.builder(7357).build());
  }

  @Test
  void rejectsNonPositiveLimits() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TxPoolConfig.builder(7357).maxTransactions(0).build());
    assertEquals("maxTransactions must be positive, got 0", e.getMessage());
  }

  @Test
  void rejectsATransactionSizeLimitAboveTheByteLimit() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TxPoolConfig.builder(7357).maxBytes(1000).maxTransactionSize(1001).build());
    assertEquals("maxTransactionSize 1001 exceeds maxBytes 1000", e.getMessage());
  }
}
