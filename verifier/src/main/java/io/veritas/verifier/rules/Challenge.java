package io.veritas.verifier.rules;

import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A verification challenge of one committed job, with every verdict of both rounds (ARCHITECTURE.md §6). The
 * round's timeline is stored, not derived, because the reveal window opens early when every verifier committed.
 *
 * @param id challenge id, from 1
 * @param round 1, or 2 after an escalation
 * @param issuedAt block of the challenge transaction
 * @param roundStartedAt block the current round started (its verifiers were drawn)
 * @param commitDeadline last block of the current round's commit window
 * @param revealOpensAt first block of the current round's reveal window
 * @param traceRoot the provider's revealed trace root (zero before)
 * @param traceRevealedAt block of the provider's reveal, 0 before
 * @param resolvedAt block of the resolution, 0 while open
 * @param deferred true while the challenge waits in the protocol's resolution backlog (README "Protocol duties")
 * @param verdicts the verifiers of round 1 then round 2, in draw order
 */
public record Challenge(
    BigInteger id,
    BigInteger jobId,
    Address provider,
    ChallengeOutcome outcome,
    int round,
    long issuedAt,
    long roundStartedAt,
    long commitDeadline,
    long revealOpensAt,
    Bytes32 traceRoot,
    long traceRevealedAt,
    long resolvedAt,
    boolean deferred,
    List<Verdict> verdicts) {

  public Challenge {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(traceRoot, "traceRoot");
    verdicts = List.copyOf(verdicts);
    if (id.signum() <= 0 || jobId.signum() <= 0) {
      throw new IllegalArgumentException("challenge and job ids start at 1, got challenge " + id + " job " + jobId);
    }
    if (round != 1 && round != 2) {
      throw new IllegalArgumentException("challenge " + id + " round must be 1 or 2, got " + round);
    }
    if (issuedAt < 1 || roundStartedAt < issuedAt || commitDeadline < roundStartedAt || revealOpensAt <= roundStartedAt
        || revealOpensAt > commitDeadline + 1) {
      throw new IllegalArgumentException("challenge " + id + " has an inconsistent timeline: issuedAt=" + issuedAt + " roundStartedAt="
          + roundStartedAt + " commitDeadline=" + commitDeadline + " revealOpensAt=" + revealOpensAt);
    }
    if ((outcome == ChallengeOutcome.OPEN) != (resolvedAt == 0)) {
      throw new IllegalArgumentException("challenge " + id + " is " + outcome + " but resolvedAt is " + resolvedAt);
    }
    if (verdicts.stream().noneMatch(v -> v.round() == round)) {
      throw new IllegalArgumentException("challenge " + id + " has no verifier in its round " + round);
    }
  }

  public boolean isOpen() {
    return outcome == ChallengeOutcome.OPEN;
  }

  public boolean traceRevealed() {
    return traceRevealedAt > 0;
  }

  /** The current round's verdicts, in draw order. */
  public List<Verdict> currentRound() {
    return verdicts.stream().filter(v -> v.round() == round).toList();
  }

  /** Index into {@link #verdicts} of {@code verifier} in the current round. */
  public Optional<Integer> currentRoundIndex(Address verifier) {
    for (int i = 0; i < verdicts.size(); i++) {
      Verdict v = verdicts.get(i);
      if (v.round() == round && v.verifier().equals(verifier)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** Everyone named in the challenge (provider first, then verifiers of both rounds), without repeats. */
  public List<Address> participants() {
    List<Address> all = new ArrayList<>();
    all.add(provider);
    for (Verdict v : verdicts) {
      if (!all.contains(v.verifier())) {
        all.add(v.verifier());
      }
    }
    return all;
  }

  public Challenge withVerdict(int index, Verdict verdict) {
    List<Verdict> updated = new ArrayList<>(verdicts);
    updated.set(index, verdict);
    return new Challenge(id, jobId, provider, outcome, round, issuedAt, roundStartedAt, commitDeadline, revealOpensAt, traceRoot,
        traceRevealedAt, resolvedAt, deferred, updated);
  }

  public Challenge withRevealOpensAt(long height) {
    return new Challenge(id, jobId, provider, outcome, round, issuedAt, roundStartedAt, commitDeadline, height, traceRoot,
        traceRevealedAt, resolvedAt, deferred, verdicts);
  }

  public Challenge withTrace(Bytes32 root, long height) {
    return new Challenge(id, jobId, provider, outcome, round, issuedAt, roundStartedAt, commitDeadline, revealOpensAt, root, height,
        resolvedAt, deferred, verdicts);
  }

  public Challenge withDeferred(boolean value) {
    return new Challenge(id, jobId, provider, outcome, round, issuedAt, roundStartedAt, commitDeadline, revealOpensAt, traceRoot,
        traceRevealedAt, resolvedAt, value, verdicts);
  }

  /** The second round: {@code verifiers} drawn at {@code height}, with the windows of {@code timeline}. */
  public Challenge escalated(List<Address> verifiers, long height, ChallengeTimeline timeline) {
    List<Verdict> updated = new ArrayList<>(verdicts);
    for (Address verifier : verifiers) {
      updated.add(Verdict.drawn(verifier, 2));
    }
    return new Challenge(id, jobId, provider, outcome, 2, issuedAt, height, timeline.commitDeadline(height),
        timeline.initialRevealOpensAt(height), traceRoot, traceRevealedAt, resolvedAt, deferred, updated);
  }

  public Challenge resolved(ChallengeOutcome result, long height) {
    if (result == ChallengeOutcome.OPEN) {
      throw new IllegalArgumentException("a resolution needs an outcome, not " + result);
    }
    return new Challenge(id, jobId, provider, result, round, issuedAt, roundStartedAt, commitDeadline, revealOpensAt, traceRoot,
        traceRevealedAt, height, false, verdicts);
  }
}
