package io.veritas.verifier.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.types.Address;
import io.veritas.verifier.rules.ChallengeTally.Decision;
import io.veritas.verifier.rules.ChallengeTally.FirstRound;
import io.veritas.verifier.rules.ChallengeTally.Judgement;
import io.veritas.verifier.rules.ChallengeTally.Loser;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class ChallengeTallyTest {
  static final Address P = Address.fromLong(0xee);
  static final Address V1 = Address.fromLong(0x01);
  static final Address V2 = Address.fromLong(0x02);
  static final Address V3 = Address.fromLong(0x03);
  static final Address V4 = Address.fromLong(0x04);
  static final Address V5 = Address.fromLong(0x05);
  static final Bytes32 TRACE = Bytes32.fromHexString("0x7ace000000000000000000000000000000000000000000000000000000000000");
  static final Bytes32 OTHER = VerdictSeal.mismatchRoot(3);
  static final Bytes32 SEAL = Bytes32.fromHexString("0x5ea1000000000000000000000000000000000000000000000000000000000000");

  static Verdict revealed(Address v, int round, Bytes32 root) {
    return new Verdict(v, round, SEAL, 6, root, 7);
  }

  static Verdict silent(Address v, int round) {
    return new Verdict(v, round, SEAL, 6, Bytes32.ZERO, 0);
  }

  static Challenge challenge(int round, boolean traceRevealed, Verdict... verdicts) {
    return new Challenge(BigInteger.ONE, BigInteger.TEN, P, ChallengeOutcome.OPEN, round, 5, round == 1 ? 5 : 14, round == 1 ? 9 : 18,
        round == 1 ? 7 : 16, traceRevealed ? TRACE : Bytes32.ZERO, traceRevealed ? 7 : 0, 0, false, List.of(verdicts));
  }

  @Test
  void firstRoundIsHonestOnlyWhenEveryVerifierRevealedAnAgreeingVerdict() {
    assertEquals(FirstRound.PROVIDER_HONEST, ChallengeTally.firstRound(challenge(1, true, revealed(V1, 1, TRACE), revealed(V2, 1, TRACE))));
    assertEquals(FirstRound.ESCALATE, ChallengeTally.firstRound(challenge(1, true, revealed(V1, 1, TRACE), revealed(V2, 1, OTHER))));
    assertEquals(FirstRound.ESCALATE, ChallengeTally.firstRound(challenge(1, true, revealed(V1, 1, TRACE), silent(V2, 1))));
    assertEquals(FirstRound.PROVIDER_CHEATED, ChallengeTally.firstRound(challenge(1, false, revealed(V1, 1, TRACE), revealed(V2, 1, TRACE))),
        "a provider that does not reveal loses without escalation");
  }

  @Test
  void secondRoundMajorityDecidesAndATieLeavesTheProviderHonestWithoutJudgingSides() {
    List<Verdict> first = List.of(revealed(V1, 1, TRACE), revealed(V2, 1, OTHER));
    assertEquals(new Decision(ChallengeOutcome.PROVIDER_CHEATED, true),
        ChallengeTally.majority(round2(first, revealed(V3, 2, OTHER), revealed(V4, 2, OTHER), revealed(V5, 2, TRACE))));
    assertEquals(new Decision(ChallengeOutcome.PROVIDER_HONEST, true),
        ChallengeTally.majority(round2(first, revealed(V3, 2, TRACE), silent(V4, 2), silent(V5, 2))));
    assertEquals(new Decision(ChallengeOutcome.PROVIDER_HONEST, false),
        ChallengeTally.majority(round2(first, revealed(V3, 2, TRACE), revealed(V4, 2, OTHER), silent(V5, 2))));
    assertEquals(new Decision(ChallengeOutcome.PROVIDER_HONEST, false),
        ChallengeTally.majority(round2(first, silent(V3, 2), silent(V4, 2), silent(V5, 2))), "no verdict at all is a tie");
  }

  @Test
  void cheatingProviderAndTheVerifiersThatAgreedWithItLose() {
    Challenge c = round2(List.of(revealed(V1, 1, TRACE), revealed(V2, 1, OTHER)),
        revealed(V3, 2, OTHER), revealed(V4, 2, OTHER), silent(V5, 2));
    Judgement j = ChallengeTally.judge(c, ChallengeTally.majority(c));
    assertEquals(ChallengeOutcome.PROVIDER_CHEATED, j.outcome());
    assertEquals(List.of(new Loser(P, "wrong result for job 10 (challenge 1)"), new Loser(V1, "wrong verdict in challenge 1"),
        new Loser(V5, "no verdict revealed in challenge 1")), j.losers());
    assertEquals(List.of(V2, V3, V4), j.honestSide());
  }

  @Test
  void afterATieOnlyNonRevealersLoseAndTheAgreeingSideIsHonest() {
    Challenge c = round2(List.of(revealed(V1, 1, TRACE), revealed(V2, 1, OTHER)),
        revealed(V3, 2, TRACE), revealed(V4, 2, OTHER), silent(V5, 2));
    Judgement j = ChallengeTally.judge(c, ChallengeTally.majority(c));
    assertEquals(ChallengeOutcome.PROVIDER_HONEST, j.outcome());
    assertEquals(List.of(new Loser(V5, "no verdict revealed in challenge 1")), j.losers());
    assertEquals(List.of(P, V1, V3), j.honestSide());
  }

  @Test
  void providerThatDidNotRevealLosesAndEveryRevealingVerifierIsHonest() {
    Challenge c = challenge(1, false, revealed(V1, 1, TRACE), silent(V2, 1), revealed(V3, 1, OTHER));
    Judgement j = ChallengeTally.judge(c, new Decision(ChallengeOutcome.PROVIDER_CHEATED, true));
    assertEquals(List.of(new Loser(P, "no trace revealed for job 10 (challenge 1)"), new Loser(V2, "no verdict revealed in challenge 1")),
        j.losers());
    assertEquals(List.of(V1, V3), j.honestSide());
  }

  @Test
  void aVerifierInBothRoundsThatLosesInOneIsNotOnTheHonestSide() {
    Challenge c = round2(List.of(revealed(V1, 1, TRACE), revealed(V2, 1, OTHER)),
        revealed(V3, 2, TRACE), revealed(V4, 2, TRACE), silent(V2, 2));
    Judgement j = ChallengeTally.judge(c, ChallengeTally.majority(c));
    assertEquals(ChallengeOutcome.PROVIDER_HONEST, j.outcome());
    assertEquals(List.of(new Loser(V2, "wrong verdict in challenge 1")), j.losers(), "one slash per address, the first reason");
    assertEquals(List.of(P, V1, V3, V4), j.honestSide());
  }

  private static Challenge round2(List<Verdict> first, Verdict... second) {
    List<Verdict> all = new ArrayList<>(first);
    all.addAll(List.of(second));
    return challenge(2, true, all.toArray(Verdict[]::new));
  }
}
