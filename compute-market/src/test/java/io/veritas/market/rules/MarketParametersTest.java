package io.veritas.market.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class MarketParametersTest {
  private static String rejection(Runnable build) {
    return assertThrows(IllegalArgumentException.class, build::run).getMessage();
  }

  @Test
  void rejectsParametersThatWouldBreakTheMarketWithTheValueNamed() {
    UInt256 bond = UInt256.valueOf(1_000);
    UInt256 penalty = UInt256.valueOf(100);
    assertEquals("minProviderBond must be positive: a provider without a bond cannot be penalised",
        rejection(() -> new MarketParameters(UInt256.ZERO, 64, 100, 5, 3, 4, 2, UInt256.ZERO)));
    assertEquals("maxTokensPerJob must be in [1, 4294967295], got 0",
        rejection(() -> new MarketParameters(bond, 0, 100, 5, 3, 4, 2, penalty)));
    assertEquals("maxTokensPerJob must be in [1, 4294967295], got 4294967296",
        rejection(() -> new MarketParameters(bond, 1L << 32, 100, 5, 3, 4, 2, penalty)));
    assertEquals("maxPromptBytes must be positive, got 0", rejection(() -> new MarketParameters(bond, 64, 0, 5, 3, 4, 2, penalty)));
    assertEquals("resultTimeoutBlocks must be positive, got 0", rejection(() -> new MarketParameters(bond, 64, 100, 0, 3, 4, 2, penalty)));
    assertEquals("challengeWindowBlocks must be positive, got 0", rejection(() -> new MarketParameters(bond, 64, 100, 5, 0, 4, 2, penalty)));
    assertEquals("unbondingBlocks must not be negative, got -1", rejection(() -> new MarketParameters(bond, 64, 100, 5, 3, -1, 2, penalty)));
    assertEquals("providerCapacity must be positive, got 0", rejection(() -> new MarketParameters(bond, 64, 100, 5, 3, 4, 0, penalty)));
    assertEquals("timeoutPenalty 1001 wei exceeds minProviderBond 1000 wei: one missed deadline would take more than a minimal bond",
        rejection(() -> new MarketParameters(bond, 64, 100, 5, 3, 4, 2, UInt256.valueOf(1_001))));
  }
}
