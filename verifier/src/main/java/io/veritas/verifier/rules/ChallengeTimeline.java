package io.veritas.verifier.rules;

import java.util.Objects;

/**
 * The time rules of a challenge round (ARCHITECTURE.md §6.2–6.3), pure. A round started at block {@code s}:
 *
 * <ul>
 *   <li>its verifiers commit sealed verdicts in blocks {@code s .. s + commitWindowBlocks};
 *   <li>the reveal window opens the block after the last verifier's commit, or at {@code s + commitWindowBlocks + 1}
 *       when some verifier did not commit, and lasts {@code revealWindowBlocks} blocks; the provider reveals its trace
 *       root in the first round's reveal window (never before: a verifier could copy it);
 *   <li>the round is due for resolution the block after everyone (every verifier of the round and the provider)
 *       revealed, or after the reveal window ended, whichever comes first.
 * </ul>
 */
public final class ChallengeTimeline {
  private final VerifierParameters params;

  public ChallengeTimeline(VerifierParameters params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  public long commitDeadline(long roundStart) {
    return Math.addExact(roundStart, params.commitWindowBlocks());
  }

  /** Where the reveal window opens unless every verifier commits earlier. */
  public long initialRevealOpensAt(long roundStart) {
    return commitDeadline(roundStart) + 1;
  }

  /** The last block of the current round's reveal window. */
  public long revealDeadline(Challenge challenge) {
    return Math.addExact(challenge.revealOpensAt(), params.revealWindowBlocks() - 1);
  }

  /** The block from which the current round is due for resolution even if reveals are missing. */
  public long latestResolution(Challenge challenge) {
    return revealDeadline(challenge) + 1;
  }

  public boolean acceptsCommit(Challenge challenge, long height) {
    return challenge.isOpen() && height >= challenge.roundStartedAt() && height <= challenge.commitDeadline();
  }

  public boolean inRevealWindow(Challenge challenge, long height) {
    return challenge.isOpen() && height >= challenge.revealOpensAt() && height <= revealDeadline(challenge);
  }

  public static boolean allCommitted(Challenge challenge) {
    return challenge.currentRound().stream().allMatch(Verdict::committed);
  }

  /** Every verifier of the current round and the provider revealed. */
  public static boolean allRevealed(Challenge challenge) {
    return challenge.traceRevealed() && challenge.currentRound().stream().allMatch(Verdict::revealed);
  }

  /** Whether the protocol resolves the current round in block {@code height} (its state being the parent's). */
  public boolean resolutionDue(Challenge challenge, long height) {
    return challenge.isOpen() && (height >= latestResolution(challenge) || allRevealed(challenge));
  }

  public ChallengePhase phase(Challenge challenge, long height) {
    if (!challenge.isOpen()) {
      return ChallengePhase.RESOLVED;
    }
    if (resolutionDue(challenge, height)) {
      return ChallengePhase.RESOLVING;
    }
    return height >= challenge.revealOpensAt() ? ChallengePhase.REVEAL : ChallengePhase.COMMIT;
  }
}
