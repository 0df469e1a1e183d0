package io.veritas.market.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class RewardsRulesTest {
  static final Bytes32 BIG_MODEL = Bytes32.fromHexString("0x0b16");
  static final Bytes32 SMALL_MODEL = Bytes32.fromHexString("0x05a1");

  @Test
  void workUnitsAreTokensTimesTheModelsFactorAndOneForAnUnlistedModel() {
    ModelCostFactors factors = new ModelCostFactors(Map.of(BIG_MODEL, 8L));
    assertEquals(BigInteger.valueOf(800), factors.workUnits(BIG_MODEL, 100));
    assertEquals(BigInteger.valueOf(100), factors.workUnits(SMALL_MODEL, 100));
    assertEquals(BigInteger.ZERO, ModelCostFactors.UNIFORM.workUnits(BIG_MODEL, 0));
  }

  @Test
  void rejectsBadFactorsAndParameters() {
    assertEquals("cost factor of model " + BIG_MODEL + " must be in [1, 16777216], got 0",
        assertThrows(IllegalArgumentException.class, () -> new ModelCostFactors(Map.of(BIG_MODEL, 0L))).getMessage());
    assertEquals("model id 0x00…00 is not a model and cannot have a cost factor",
        assertThrows(IllegalArgumentException.class, () -> new ModelCostFactors(Map.of(Bytes32.ZERO, 2L))).getMessage());
    assertEquals("epochLengthBlocks must be positive, got 0", assertThrows(IllegalArgumentException.class,
        () -> new RewardsParameters(0, UInt256.ONE, 0, ModelCostFactors.UNIFORM)).getMessage());
    assertEquals("verifierShareBps must be in [0, 10000], got 10001", assertThrows(IllegalArgumentException.class,
        () -> new RewardsParameters(10, UInt256.ONE, 10_001, ModelCostFactors.UNIFORM)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new RewardsParameters(10, RewardsParameters.MAX_EMISSION.add(1), 0, ModelCostFactors.UNIFORM));
  }

  @Test
  void poolsSplitTheEmissionWithTheFloorGoingToVerifiers() {
    RewardsParameters p = new RewardsParameters(720, UInt256.valueOf(1_001), 1_500, ModelCostFactors.UNIFORM);
    assertEquals(UInt256.valueOf(150), p.verifierPool(), "floor(1,001 × 1,500 / 10,000) = 150");
    assertEquals(UInt256.valueOf(851), p.providerPool());
    assertEquals(0, p.epochOf(719));
    assertEquals(1, p.epochOf(720));
    assertEquals(1_440, p.firstBlockOf(2));
  }

  @Test
  void aShareIsTheFloorOfPoolTimesUnitsOverTotal() {
    assertEquals(UInt256.valueOf(333), RewardSplit.share(UInt256.valueOf(1_000), BigInteger.ONE, BigInteger.valueOf(3)));
    assertEquals(UInt256.valueOf(1_000), RewardSplit.share(UInt256.valueOf(1_000), BigInteger.TWO, BigInteger.TWO));
    assertThrows(IllegalArgumentException.class, () -> RewardSplit.share(UInt256.ONE, BigInteger.TWO, BigInteger.ONE));
  }
}
