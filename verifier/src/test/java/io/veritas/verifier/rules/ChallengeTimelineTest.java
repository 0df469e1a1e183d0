package io.veritas.verifier.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class ChallengeTimelineTest {
  static final VerifierParameters PARAMS = new VerifierParameters(500, 500, 0, 2, 3, 2, 4, 3, 1_000, 5_000);
  static final ChallengeTimeline TIMELINE = new ChallengeTimeline(PARAMS);
  static final Address P = Address.fromLong(0xee);
  static final Address V = Address.fromLong(0x01);
  static final Bytes32 X = Bytes32.fromHexString("0x01");

  /** Issued at 10: commits in 10..14, reveals from 15 (unless everyone committed earlier) for 3 blocks. */
  static Challenge issued() {
    return new Challenge(BigInteger.ONE, BigInteger.ONE, P, ChallengeOutcome.OPEN, 1, 10, 10, TIMELINE.commitDeadline(10),
        TIMELINE.initialRevealOpensAt(10), Bytes32.ZERO, 0, 0, false, List.of(Verdict.drawn(V, 1)));
  }

  @Test
  void roundWindowsFollowFromItsStart() {
    Challenge c = issued();
    assertEquals(14, c.commitDeadline());
    assertEquals(15, c.revealOpensAt());
    assertEquals(17, TIMELINE.revealDeadline(c));
    assertEquals(18, TIMELINE.latestResolution(c));
    assertTrue(TIMELINE.acceptsCommit(c, 14));
    assertFalse(TIMELINE.acceptsCommit(c, 15));
    assertFalse(TIMELINE.inRevealWindow(c, 14));
    assertTrue(TIMELINE.inRevealWindow(c, 15));
    assertTrue(TIMELINE.inRevealWindow(c, 17));
    assertFalse(TIMELINE.inRevealWindow(c, 18));
  }

  @Test
  void phaseMovesFromCommitToRevealToResolvingToResolved() {
    Challenge c = issued();
    assertEquals(ChallengePhase.COMMIT, TIMELINE.phase(c, 12));
    Challenge committed = c.withVerdict(0, c.verdicts().get(0).withCommit(X, 12)).withRevealOpensAt(13);
    assertEquals(ChallengePhase.REVEAL, TIMELINE.phase(committed, 13));
    assertEquals(ChallengePhase.RESOLVING, TIMELINE.phase(committed, 16), "reveal window 13..15 over");
    Challenge revealed = committed.withVerdict(0, committed.verdicts().get(0).withReveal(X, 13)).withTrace(X, 14);
    assertTrue(ChallengeTimeline.allRevealed(revealed));
    assertTrue(TIMELINE.resolutionDue(revealed, 15), "everyone revealed: due in the next block");
    assertEquals(ChallengePhase.RESOLVED, TIMELINE.phase(revealed.resolved(ChallengeOutcome.PROVIDER_HONEST, 15), 15));
    assertFalse(TIMELINE.resolutionDue(revealed.resolved(ChallengeOutcome.PROVIDER_HONEST, 15), 30));
  }
}
