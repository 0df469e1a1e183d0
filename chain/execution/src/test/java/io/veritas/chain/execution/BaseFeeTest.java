package io.veritas.chain.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class BaseFeeTest {
  private static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);
  private static final UInt256 NO_FLOOR = UInt256.ZERO;

  @Test
  void staysTheSameAtTarget() {
    assertEquals(GWEI, BaseFee.next(GWEI, 15_000_000, 30_000_000, NO_FLOOR));
  }

  @Test
  void risesByAnEighthWhenFull() {
    assertEquals(UInt256.valueOf(1_125_000_000L), BaseFee.next(GWEI, 30_000_000, 30_000_000, NO_FLOOR));
  }

  @Test
  void fallsByAnEighthWhenEmpty() {
    assertEquals(UInt256.valueOf(875_000_000L), BaseFee.next(GWEI, 0, 30_000_000, NO_FLOOR));
  }

  @Test
  void risesByAtLeastOneWeiAboveTarget() {
    assertEquals(UInt256.valueOf(8), BaseFee.next(UInt256.valueOf(7), 15_000_001, 30_000_000, NO_FLOOR));
  }

  @Test
  void scalesWithTheDistanceFromTarget() {
    // 3/4 full: (22.5M - 15M) / 15M / 8 = 1/16 up
    assertEquals(UInt256.valueOf(1_062_500_000L), BaseFee.next(GWEI, 22_500_000, 30_000_000, NO_FLOOR));
  }

  @Test
  void neverFallsBelowTheFloor() {
    UInt256 floor = UInt256.valueOf(950_000_000L);
    assertEquals(floor, BaseFee.next(GWEI, 0, 30_000_000, floor));
  }
}
