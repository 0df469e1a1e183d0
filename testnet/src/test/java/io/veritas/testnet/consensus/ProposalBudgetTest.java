package io.veritas.testnet.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProposalBudgetTest {
  private static ProposalBudget budget() {
    return new ProposalBudget(Duration.ofMillis(300), 100, 20_000, Duration.ofNanos(200_000));
  }

  @Test
  void startsFromTheAssumedTimePerTransaction() {
    assertEquals(1500, budget().maxTransactions());
  }

  @Test
  void followsTheMeasuredSpeedByAWeightedMean() {
    ProposalBudget b = budget();
    b.record(1000, 50_000_000L); // 50 µs per transaction: mean 0.7 × 200 + 0.3 × 50 = 155 µs
    assertEquals(155_000.0, b.nanosPerTransaction(), 1e-6);
    assertEquals(1935, b.maxTransactions()); // 300 ms / 155 µs = 1935.48
  }

  @Test
  void ignoresBlocksTooSmallToMeasureTheCostOfATransaction() {
    ProposalBudget b = budget();
    b.record(ProposalBudget.MIN_SAMPLE_TRANSACTIONS - 1, 1_000_000_000L);
    b.record(500, 0);
    assertEquals(200_000.0, b.nanosPerTransaction(), 1e-6);
  }

  @Test
  void staysWithinTheFloorAndTheCeiling() {
    ProposalBudget slow = budget();
    slow.record(100, 10_000_000_000L); // 100 ms per transaction
    assertEquals(100, slow.maxTransactions());
    ProposalBudget fast = new ProposalBudget(Duration.ofMillis(300), 100, 2_000, Duration.ofNanos(1_000));
    assertEquals(2_000, fast.maxTransactions());
  }

  @Test
  void rejectsAnEmptyBudgetAndAFloorAboveTheCeiling() {
    assertEquals("proposal execution budget must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
        () -> new ProposalBudget(Duration.ZERO, 1, 2, Duration.ofNanos(1))).getMessage());
    assertEquals("need 1 <= floor <= ceiling transactions per block, got floor=5 ceiling=4",
        assertThrows(IllegalArgumentException.class, () -> new ProposalBudget(Duration.ofMillis(1), 5, 4, Duration.ofNanos(1)))
            .getMessage());
  }

  @Test
  void halvesAfterAHeightThatNeededMoreRoundsAndGrowsBackByStepsAfterFirstRoundDecisions() {
    ProposalBudget b = budget(); // 1500 fit the time budget
    b.onDecided(1);
    assertEquals(750, b.maxTransactions());
    b.onDecided(2);
    assertEquals(375, b.maxTransactions());
    b.onDecided(0);
    assertEquals(375 + ProposalBudget.INCREASE, b.maxTransactions());
    for (int i = 0; i < 10; i++) {
      b.onDecided(0);
    }
    assertEquals(1500, b.maxTransactions(), "never above what the time budget allows");
    for (int i = 0; i < 10; i++) {
      b.onDecided(3);
    }
    assertEquals(100, b.maxTransactions(), "never below the floor");
  }
}
