package io.veritas.market.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.types.Address;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobLifecycle;
import io.veritas.market.rules.JobStatus;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/** The due-queue walk on hand-written queues (resultTimeout 5, challengeWindow 3). */
class DueScanTest {
  private final MarketState state = new MarketState(new ModuleStorage(WorldState.empty(new InMemoryKeyValueStore()), ComputeMarketModule.ADDRESS));
  private final DueScan scan = new DueScan(new JobLifecycle(ComputeMarketModuleTest.PARAMS));

  private void job(JobStatus status, long assignedAt, long committedAt) {
    BigInteger id = state.nextJobId();
    state.putJob(new Job(id, status, Address.fromLong(0xc1), Address.fromLong(0xb1), Bytes32.fromHexString("0x01"), 10, 1,
        UInt256.valueOf(60), UInt256.valueOf(6), status == JobStatus.ASSIGNED ? UInt256.ZERO : UInt256.valueOf(12),
        status == JobStatus.ASSIGNED ? 0 : 2, Bytes32.ZERO, assignedAt, assignedAt, committedAt, 0, 0, Address.ZERO));
  }

  private static List<BigInteger> ids(long... ids) {
    return java.util.Arrays.stream(ids).mapToObj(BigInteger::valueOf).toList();
  }

  /** Job 1 committed at 4 (settles from 7, queued at 7 and again at 8 as after a release), job 2 assigned at 2 (expires from 8), job 3 held. */
  private void queues() {
    job(JobStatus.COMMITTED, 1, 4);
    job(JobStatus.ASSIGNED, 2, 0);
    job(JobStatus.CHALLENGED, 1, 3);
    state.pushDue(6, BigInteger.valueOf(3));
    state.pushDue(7, BigInteger.ONE);
    state.pushDue(8, BigInteger.TWO);
    state.pushDue(8, BigInteger.ONE);
  }

  @Test
  void listsEachDueJobOncePassesOverHeldOnesAndStopsPastTheHeight() {
    queues();
    DueScan.Result at8 = scan.scan(state, 8);
    assertEquals(ids(1, 2), at8.jobIds(), "job 1's second entry is not listed twice; job 3 is held");
    assertEquals(new DueCursor(9, 0), at8.next());
    assertEquals(13, at8.steps(), "heights 0..5 passed (6), height 6: 1 entry + passed, 7: 1 + passed, 8: 2 + passed");
    assertTrue(at8.needsCall());

    DueScan.Result at6 = scan.scan(state, 6);
    assertEquals(List.of(), at6.jobIds());
    assertEquals(new DueCursor(7, 0), at6.next());
    assertFalse(at6.needsCall(), "nothing due and budget left: no protocol transaction");
  }

  @Test
  void startsAtTheStoredCursor() {
    queues();
    state.putDueCursor(new DueCursor(7, 1));
    DueScan.Result at8 = scan.scan(state, 8);
    assertEquals(ids(2, 1), at8.jobIds(), "queue order from height 7, index 1");
    assertEquals(new DueCursor(7, 1), at8.from());
    assertEquals(new DueCursor(9, 0), at8.next());
  }
}
