package io.veritas.market.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.types.Address;
import io.veritas.market.rules.JobLifecycle.Transition;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class JobLifecycleTest {
  static final MarketParameters PARAMS = new MarketParameters(UInt256.valueOf(1_000), 64, 100, 5, 3, 4, 2, UInt256.valueOf(100));
  private final JobLifecycle lifecycle = new JobLifecycle(PARAMS);

  static Job job(JobStatus status, long assignedAt, long committedAt, int reassignments) {
    return new Job(BigInteger.ONE, status, Address.fromLong(0xc1), Address.fromLong(0xb1), Bytes32.ZERO, 10, -1L,
        UInt256.valueOf(60), UInt256.valueOf(6), committedAt == 0 ? UInt256.ZERO : UInt256.valueOf(18), committedAt == 0 ? 0 : 3,
        Bytes32.ZERO, 2, assignedAt, committedAt, 0, reassignments, Address.ZERO);
  }

  @Test
  void anAssignedJobAcceptsAResultUntilTheDeadlineAndExpiresTheBlockAfter() {
    Job assigned = job(JobStatus.ASSIGNED, 10, 0, 0);
    assertEquals(15, lifecycle.resultDeadline(assigned));
    assertTrue(lifecycle.acceptsResult(assigned, 15));
    assertFalse(lifecycle.acceptsResult(assigned, 16));
    assertEquals(Transition.NONE, lifecycle.due(assigned, 15));
    assertEquals(Transition.EXPIRE, lifecycle.due(assigned, 16));
    assertEquals(16, lifecycle.expiryHeight(assigned));
  }

  @Test
  void aCommittedJobSettlesWhenTheChallengeWindowHasRun() {
    Job committed = job(JobStatus.COMMITTED, 10, 12, 0);
    assertFalse(lifecycle.acceptsResult(committed, 12));
    assertEquals(Transition.NONE, lifecycle.due(committed, 14));
    assertEquals(Transition.SETTLE, lifecycle.due(committed, 15));
    assertEquals(15, lifecycle.settlementHeight(committed));
  }

  @Test
  void finalJobsHaveNothingDue() {
    assertEquals(Transition.NONE, lifecycle.due(job(JobStatus.SETTLED, 10, 12, 0), 1_000));
    assertEquals(Transition.NONE, lifecycle.due(job(JobStatus.REFUNDED, 10, 0, 1), 1_000));
  }

  @Test
  void aJobMovesToAnotherProviderOnlyOnce() {
    assertTrue(lifecycle.mayReassign(job(JobStatus.ASSIGNED, 10, 0, 0)));
    assertFalse(lifecycle.mayReassign(job(JobStatus.ASSIGNED, 10, 0, 1)));
  }

  @Test
  void aDeregisteredProviderUnbondsAfterTheDelay() {
    Provider p = new Provider(Address.fromLong(0xb1), UInt256.valueOf(1_000), UInt256.ONE, Address.fromLong(0xb1), "e",
        List.of(Bytes32.ZERO), 1, 20, 0, 0, 0, 0);
    assertEquals(24, lifecycle.unbondingHeight(p));
  }

  @Test
  void theSeedKeepsAllSixtyFourBits() {
    assertEquals(new BigInteger("18446744073709551615"), job(JobStatus.ASSIGNED, 10, 0, 0).seedUnsigned());
  }
}
