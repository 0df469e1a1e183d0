package io.veritas.verifier.rules;

/** Where a challenge stands; the codes are what its storage slot holds and {@code getChallenge} returns. */
public enum ChallengeOutcome {
  /** Verdicts are still being committed or revealed, or the resolution is due. */
  OPEN(0),
  /** Resolved: the provider's result stands; the job settles. */
  PROVIDER_HONEST(1),
  /** Resolved: the provider cheated (or did not reveal its trace); the job is rejected and the client refunded. */
  PROVIDER_CHEATED(2);

  private final int code;

  ChallengeOutcome(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static ChallengeOutcome fromCode(int code) {
    for (ChallengeOutcome outcome : values()) {
      if (outcome.code == code) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("no challenge outcome has code " + code);
  }
}
