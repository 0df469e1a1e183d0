package io.veritas.market.rules;

/**
 * Where a job is in its life. The codes are what {@code getJob} returns as uint8 and what the job's status
 * slot holds; they never change meaning. A job is assigned in the same transaction that submits it (or the
 * submission reverts), so there is no stored "submitted but unassigned" state.
 */
public enum JobStatus {
  /** Assigned to a provider, waiting for its result (until the result deadline). */
  ASSIGNED(1),
  /** Result committed; the fee is held until the challenge window closes. */
  COMMITTED(2),
  /** Fee paid to the provider's payout address. Final. */
  SETTLED(3),
  /** No result in time and no provider left to take it: the escrow went back to the client. Final. */
  REFUNDED(4),
  /**
   * Committed, and held from settlement by a verification challenge (the verifier module's
   * {@code MarketLedger.holdForChallenge}); back to {@link #COMMITTED} when the provider is found honest.
   */
  CHALLENGED(5),
  /** The challenge found the result wrong: the fee went back to the client, the provider was not paid. Final. */
  REJECTED(6);

  private final int code;

  JobStatus(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public boolean isFinal() {
    return this == SETTLED || this == REFUNDED || this == REJECTED;
  }

  public static JobStatus fromCode(int code) {
    for (JobStatus status : values()) {
      if (status.code == code) {
        return status;
      }
    }
    throw new IllegalArgumentException("no job status has code " + code);
  }
}
