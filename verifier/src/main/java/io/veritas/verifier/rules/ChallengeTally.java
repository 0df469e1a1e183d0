package io.veritas.verifier.rules;

import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a challenge is decided and who loses (ARCHITECTURE.md §6.3), pure.
 *
 * <p>A verifier <i>agrees</i> iff its revealed verdict root equals the provider's revealed trace root.
 *
 * <ol>
 *   <li>First round: the provider did not reveal its trace → it cheated (no escalation). Every verifier of the round
 *       revealed and agrees → honest. Anything else (a disagreement, a verifier that did not reveal) → escalation.
 *   <li>Second round (or the first, when no verifier can be drawn for an escalation): the majority of the round's
 *       revealed verdicts decides. A tie (including no verdict at all) leaves the provider honest: its trace matched
 *       its seal and nobody outvoted it, and a slash needs a majority against it.
 * </ol>
 *
 * <p>Losers: the provider when it cheated; every verifier (of either round) that did not reveal a verdict; every
 * verifier whose revealed verdict contradicts a majority outcome — after a tie no revealed verdict loses. The honest
 * side: the provider when honest, and every verifier whose revealed verdict matches the outcome (when the provider
 * never revealed, every verifier that revealed). An address that loses anywhere in the challenge is not on the
 * honest side.
 */
public final class ChallengeTally {
  private ChallengeTally() {}

  /** What the first round's verdicts decide. */
  public enum FirstRound {
    PROVIDER_HONEST,
    PROVIDER_CHEATED,
    ESCALATE
  }

  /** The final decision: the outcome, and whether the verdict sides are judged (false after a tie). */
  public record Decision(ChallengeOutcome outcome, boolean sidesJudged) {
    public Decision {
      Objects.requireNonNull(outcome, "outcome");
      if (outcome == ChallengeOutcome.OPEN) {
        throw new IllegalArgumentException("a decision needs an outcome, not OPEN");
      }
    }
  }

  /** Someone who loses the challenge and why (the reason of its {@code Slashed} event). */
  public record Loser(Address who, String reason) {
    public Loser {
      Objects.requireNonNull(who, "who");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** Everyone's part in the decided challenge. */
  public record Judgement(ChallengeOutcome outcome, List<Loser> losers, List<Address> honestSide) {
    public Judgement {
      Objects.requireNonNull(outcome, "outcome");
      losers = List.copyOf(losers);
      honestSide = List.copyOf(honestSide);
    }
  }

  public static boolean agrees(Challenge challenge, Verdict verdict) {
    return challenge.traceRevealed() && verdict.revealed() && verdict.verdictRoot().equals(challenge.traceRoot());
  }

  public static FirstRound firstRound(Challenge challenge) {
    if (challenge.round() != 1) {
      throw new IllegalArgumentException("challenge " + challenge.id() + " is in round " + challenge.round() + ", not the first");
    }
    if (!challenge.traceRevealed()) {
      return FirstRound.PROVIDER_CHEATED;
    }
    boolean unanimous = challenge.currentRound().stream().allMatch(v -> agrees(challenge, v));
    return unanimous ? FirstRound.PROVIDER_HONEST : FirstRound.ESCALATE;
  }

  /** The majority of the current round's revealed verdicts (the provider revealed: only then is there a vote). */
  public static Decision majority(Challenge challenge) {
    long agree = 0;
    long disagree = 0;
    for (Verdict v : challenge.currentRound()) {
      if (v.revealed()) {
        if (agrees(challenge, v)) {
          agree++;
        } else {
          disagree++;
        }
      }
    }
    if (agree == disagree) {
      return new Decision(ChallengeOutcome.PROVIDER_HONEST, false);
    }
    return new Decision(disagree > agree ? ChallengeOutcome.PROVIDER_CHEATED : ChallengeOutcome.PROVIDER_HONEST, true);
  }

  public static Judgement judge(Challenge challenge, Decision decision) {
    ChallengeOutcome outcome = decision.outcome();
    Map<Address, String> losers = new LinkedHashMap<>();
    List<Address> honest = new ArrayList<>();
    if (outcome == ChallengeOutcome.PROVIDER_CHEATED) {
      losers.put(challenge.provider(), challenge.traceRevealed()
          ? "wrong result for job " + challenge.jobId() + " (challenge " + challenge.id() + ")"
          : "no trace revealed for job " + challenge.jobId() + " (challenge " + challenge.id() + ")");
    } else {
      honest.add(challenge.provider());
    }
    for (Verdict v : challenge.verdicts()) {
      if (!v.revealed()) {
        losers.putIfAbsent(v.verifier(), "no verdict revealed in challenge " + challenge.id());
      } else if (!challenge.traceRevealed() || agrees(challenge, v) == (outcome == ChallengeOutcome.PROVIDER_HONEST)) {
        if (!honest.contains(v.verifier())) {
          honest.add(v.verifier());
        }
      } else if (decision.sidesJudged()) {
        losers.putIfAbsent(v.verifier(), "wrong verdict in challenge " + challenge.id());
      }
    }
    honest.removeIf(losers::containsKey);
    List<Loser> losing = new ArrayList<>();
    losers.forEach((who, reason) -> losing.add(new Loser(who, reason)));
    return new Judgement(outcome, losing, honest);
  }
}
