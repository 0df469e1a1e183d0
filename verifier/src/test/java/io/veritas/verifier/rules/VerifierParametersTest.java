package io.veritas.verifier.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.market.rules.MarketParameters;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class VerifierParametersTest {
  static final MarketParameters MARKET = new MarketParameters(UInt256.valueOf(1_000_000), 64, 200, 5, 20, 50, 8, UInt256.valueOf(100));

  private static void rejects(String message, Executable build) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, build).getMessage());
  }

  @Test
  void rejectsValuesOutsideTheirRanges() {
    rejects("challengeProbabilityBps must be in [0, 10000] basis points, got 10001",
        () -> new VerifierParameters(10_001, 10_001, 0, 1, 3, 2, 4, 4, 1_000, 5_000));
    rejects("newProviderProbabilityBps 400 is below challengeProbabilityBps 500: new providers must be checked at least as often",
        () -> new VerifierParameters(500, 400, 20, 1, 3, 2, 4, 4, 1_000, 5_000));
    rejects("newProviderJobs must not be negative, got -1", () -> new VerifierParameters(500, 500, -1, 1, 3, 2, 4, 4, 1_000, 5_000));
    rejects("verifiersPerChallenge must be in [1, 16], got 0", () -> new VerifierParameters(500, 500, 0, 0, 3, 2, 4, 4, 1_000, 5_000));
    rejects("escalationVerifiers must be in [1, 16], got 17", () -> new VerifierParameters(500, 500, 0, 1, 17, 2, 4, 4, 1_000, 5_000));
    rejects("challengeDelayBlocks must be positive, got 0", () -> new VerifierParameters(500, 500, 0, 1, 3, 0, 4, 4, 1_000, 5_000));
    rejects("commitWindowBlocks must be positive, got 0", () -> new VerifierParameters(500, 500, 0, 1, 3, 2, 0, 4, 1_000, 5_000));
    rejects("revealWindowBlocks must be positive, got 0", () -> new VerifierParameters(500, 500, 0, 1, 3, 2, 4, 0, 1_000, 5_000));
    rejects("slashFractionBps must be positive: a loser that loses nothing has no reason to be honest",
        () -> new VerifierParameters(500, 500, 0, 1, 3, 2, 4, 4, 0, 5_000));
    rejects("slashRewardShareBps must be in [0, 10000] basis points, got -1", () -> new VerifierParameters(500, 500, 0, 1, 3, 2, 4, 4, 1_000, -1));
  }

  @Test
  void newProvidersAreChallengedWithTheirOwnProbability() {
    VerifierParameters p = new VerifierParameters(500, 2_000, 20, 1, 3, 2, 4, 4, 1_000, 5_000);
    assertEquals(2_000, p.probabilityBps(0));
    assertEquals(2_000, p.probabilityBps(19));
    assertEquals(500, p.probabilityBps(20));
  }

  @Test
  void mustFitTheMarketsChallengeWindowAndUnbondingDelay() {
    new VerifierParameters(500, 500, 0, 1, 3, 19, 4, 4, 1_000, 5_000).requireCompatibleWith(MARKET);
    rejects("challengeDelayBlocks 20 must be below the market's challengeWindowBlocks 20: a job would settle before its challenge is drawn",
        () -> new VerifierParameters(500, 500, 0, 1, 3, 20, 4, 4, 1_000, 5_000).requireCompatibleWith(MARKET));
    rejects("the market's unbondingBlocks 50 must be at least 52 (two rounds of commit 13 + reveal 12 blocks, plus their resolutions): "
            + "a verifier could withdraw its bond before it is judged",
        () -> new VerifierParameters(500, 500, 0, 1, 3, 2, 13, 12, 1_000, 5_000).requireCompatibleWith(MARKET));
  }

  @Test
  void devnetDefaultsAreValid() {
    assertEquals(new VerifierParameters(500, 2_000, 20, 2, 3, 2, 10, 10, 5_000, 5_000), VerifierParameters.devnetDefaults());
    VerifierParameters.devnetDefaults().requireCompatibleWith(
        new MarketParameters(UInt256.valueOf(1_000_000), 64, 200, 5, 30, 42, 8, UInt256.valueOf(100)));
  }
}
