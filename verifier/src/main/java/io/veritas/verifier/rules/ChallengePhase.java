package io.veritas.verifier.rules;

/** What a challenge waits for at a given height; the codes are what {@code getChallenge} and {@code openChallengesOf} return. */
public enum ChallengePhase {
  /** The current round's verifiers commit sealed verdicts. */
  COMMIT(1),
  /** Verifiers reveal their verdicts; the provider reveals its trace root (first round). */
  REVEAL(2),
  /** Every reveal is in, or the reveal window ended: the protocol resolves it at the start of a block. */
  RESOLVING(3),
  /** Final. */
  RESOLVED(4);

  private final int code;

  ChallengePhase(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
