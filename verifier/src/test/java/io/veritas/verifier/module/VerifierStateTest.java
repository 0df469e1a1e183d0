package io.veritas.verifier.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.types.Address;
import io.veritas.verifier.rules.Challenge;
import io.veritas.verifier.rules.ChallengeOutcome;
import io.veritas.verifier.rules.Verdict;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class VerifierStateTest {
  private final WorldState world = WorldState.empty(new InMemoryKeyValueStore());
  private final VerifierState state = new VerifierState(new ModuleStorage(world, VerifierModule.ADDRESS));
  private static final Address P = Address.fromLong(0xee);
  private static final Address V1 = Address.fromLong(0x01);
  private static final Address V2 = Address.fromLong(0x02);
  private static final Bytes32 SEAL = Bytes32.fromHexString("0x5ea1000000000000000000000000000000000000000000000000000000000001");
  private static final Bytes32 ROOT = Bytes32.fromHexString("0x7ace000000000000000000000000000000000000000000000000000000000002");

  private static Challenge challenge(BigInteger id) {
    return new Challenge(id, BigInteger.valueOf(41), P, ChallengeOutcome.OPEN, 1, 5, 5, 9, 7, ROOT, 8, 0, true,
        List.of(new Verdict(V1, 1, SEAL, 6, ROOT, 8), new Verdict(V2, 1, SEAL, 6, Bytes32.ZERO, 0)));
  }

  private UInt256 slot(Bytes32 slot) {
    return world.storage(VerifierModule.ADDRESS, slot);
  }

  @Test
  void rootSlotsAreKeccakOfTheirNames() {
    assertEquals(Keccak256.hash(Bytes.wrap("veritas.verifier.challengeCount".getBytes(StandardCharsets.UTF_8))), VerifierState.CHALLENGE_COUNT);
    assertEquals(Keccak256.hash(Bytes.wrap("veritas.verifier.challenges".getBytes(StandardCharsets.UTF_8))), VerifierState.CHALLENGES);
    assertEquals(Keccak256.hash(Bytes.concatenate(UInt256.valueOf(3), VerifierState.CHALLENGES)), VerifierState.challengeSlot(BigInteger.valueOf(3)));
  }

  @Test
  void aChallengeReadsBackAsWrittenAndSitsAtItsDocumentedSlots() {
    BigInteger id = state.nextChallengeId();
    assertEquals(BigInteger.ONE, id);
    Challenge c = challenge(id);
    state.putChallenge(c);
    assertEquals(Optional.of(c), state.challenge(id));
    assertEquals(Optional.empty(), state.challenge(BigInteger.TWO));
    assertEquals(Optional.empty(), state.challenge(BigInteger.ZERO));

    Bytes32 base = VerifierState.challengeSlot(id);
    assertEquals(UInt256.ONE, slot(VerifierState.CHALLENGE_COUNT));
    assertEquals(UInt256.valueOf(41), slot(ModuleStorage.offset(base, VerifierState.CHALLENGE_JOB_ID)));
    assertEquals(UInt256.fromBytes(Bytes32.leftPad(P.bytes())), slot(ModuleStorage.offset(base, VerifierState.CHALLENGE_PROVIDER)));
    assertEquals(UInt256.valueOf(9), slot(ModuleStorage.offset(base, VerifierState.CHALLENGE_COMMIT_DEADLINE)));
    assertEquals(UInt256.ONE, slot(ModuleStorage.offset(base, VerifierState.CHALLENGE_DEFERRED)));
    Bytes32 verdicts = ModuleStorage.offset(base, VerifierState.CHALLENGE_VERDICTS);
    assertEquals(UInt256.valueOf(2), slot(verdicts));
    Bytes32 second = ModuleStorage.offset(Keccak256.hash(verdicts), VerifierState.VERDICT_FIELDS);
    assertEquals(UInt256.fromBytes(Bytes32.leftPad(V2.bytes())), slot(ModuleStorage.offset(second, VerifierState.VERDICT_VERIFIER)));
    assertEquals(UInt256.fromBytes(SEAL), slot(ModuleStorage.offset(second, VerifierState.VERDICT_SEALED_HASH)));
    assertEquals(UInt256.valueOf(6), slot(ModuleStorage.offset(second, VerifierState.VERDICT_COMMITTED_AT)));
  }

  @Test
  void openListsAddOnceAndRemoveByMovingTheLastEntry() {
    Address who = V1;
    for (long id = 1; id <= 3; id++) {
      state.addOpen(who, BigInteger.valueOf(id));
    }
    state.addOpen(who, BigInteger.TWO);
    assertEquals(List.of(BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3)), state.openChallengesOf(who));
    state.removeOpen(who, BigInteger.ONE);
    assertEquals(List.of(BigInteger.valueOf(3), BigInteger.TWO), state.openChallengesOf(who));
    state.removeOpen(who, BigInteger.ONE);
    state.removeOpen(who, BigInteger.TWO);
    assertEquals(List.of(BigInteger.valueOf(3)), state.openChallengesOf(who));
    state.removeOpen(who, BigInteger.valueOf(3));
    assertEquals(List.of(), state.openChallengesOf(who));
    assertEquals(UInt256.ZERO, slot(ModuleStorage.offset(Keccak256.hash(VerifierState.openSlot(who)), 0)), "no stale entry left");
  }

  @Test
  void backlogsAreFifosPoppedOnlyAtTheirHead() {
    Bytes32 backlog = VerifierState.CHALLENGE_BACKLOG;
    state.pushBacklog(backlog, BigInteger.valueOf(7));
    state.pushBacklog(backlog, BigInteger.valueOf(9));
    state.pushBacklog(backlog, BigInteger.valueOf(11));
    assertEquals(List.of(BigInteger.valueOf(7), BigInteger.valueOf(9)), state.backlog(backlog, 2));
    assertFalse(state.popBacklogIf(backlog, BigInteger.valueOf(9)), "not the head");
    assertTrue(state.popBacklogIf(backlog, BigInteger.valueOf(7)));
    assertEquals(List.of(BigInteger.valueOf(9), BigInteger.valueOf(11)), state.backlog(backlog, 64));
    assertEquals(2, state.backlogSize(backlog));
    assertEquals(0, state.backlogSize(VerifierState.RESOLUTION_BACKLOG));
  }

  @Test
  void resolutionQueueAppendsPerHeight() {
    state.queueResolution(14, BigInteger.ONE);
    state.queueResolution(14, BigInteger.TWO);
    state.queueResolution(15, BigInteger.ONE);
    assertEquals(List.of(BigInteger.ONE, BigInteger.TWO), state.resolutionQueue(14));
    assertEquals(List.of(BigInteger.ONE), state.resolutionQueue(15));
    assertEquals(List.of(), state.resolutionQueue(16));
  }
}
