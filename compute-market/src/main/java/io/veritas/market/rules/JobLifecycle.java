package io.veritas.market.rules;

import java.util.Objects;

/**
 * The time rules of a job (ARCHITECTURE.md §5.4–5.5), pure: given a job and the current height, what is
 * allowed and what is due. The module's {@code commitResult}, {@code settle} and {@code expire} follow these
 * rules; the protocol-transaction machinery that will run settlements and expiries in every block asks
 * {@link #due} the same question.
 *
 * <ul>
 *   <li>A result is accepted up to and including block {@code assignedAt + resultTimeoutBlocks}.
 *   <li>From block {@code assignedAt + resultTimeoutBlocks + 1} an uncommitted job expires.
 *   <li>From block {@code committedAt + challengeWindowBlocks} a committed job settles.
 * </ul>
 */
public final class JobLifecycle {
  private final MarketParameters params;

  public JobLifecycle(MarketParameters params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  /** What a job needs at {@code height}; the code is what {@code dueTransition} returns. */
  public enum Transition {
    /** Nothing is due yet (or the job is final). */
    NONE(0),
    /** The challenge window closed: pay the fee to the provider. */
    SETTLE(1),
    /** The result deadline passed: penalise the provider, then reassign or refund. */
    EXPIRE(2);

    private final int code;

    Transition(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }
  }

  public Transition due(Job job, long height) {
    return switch (job.status()) {
      case ASSIGNED -> height >= expiryHeight(job) ? Transition.EXPIRE : Transition.NONE;
      case COMMITTED -> height >= settlementHeight(job) ? Transition.SETTLE : Transition.NONE;
      case CHALLENGED, SETTLED, REFUNDED, REJECTED -> Transition.NONE; // a held job waits for its verdict
    };
  }

  /** The last block in which the assigned provider may commit its result. */
  public long resultDeadline(Job job) {
    return Math.addExact(job.assignedAt(), params.resultTimeoutBlocks());
  }

  public boolean acceptsResult(Job job, long height) {
    return job.status() == JobStatus.ASSIGNED && height <= resultDeadline(job);
  }

  /** The first block in which an uncommitted job can be expired. */
  public long expiryHeight(Job job) {
    return resultDeadline(job) + 1;
  }

  /** The first block in which a committed job can be settled. */
  public long settlementHeight(Job job) {
    return Math.addExact(job.committedAt(), params.challengeWindowBlocks());
  }

  /** A job moves to another provider at most once; after a second missed deadline the client is refunded. */
  public boolean mayReassign(Job job) {
    return job.reassignments() == 0;
  }

  /** The first block in which a deregistered provider may withdraw its bond (if it has no open job). */
  public long unbondingHeight(Provider provider) {
    if (!provider.isDeregistered()) {
      throw new IllegalArgumentException("provider " + provider.address() + " is not deregistered");
    }
    return Math.addExact(provider.deregisteredAt(), params.unbondingBlocks());
  }
}
