package io.veritas.testnet.consensus;

import java.time.Duration;

/**
 * How many transactions a block this node proposes may carry so that executing it takes about a time budget. The
 * proposer builds its block and every validator re-executes it before it prevotes, all inside the round's propose
 * timeout: a block that takes longer than that to build and check is prevoted nil by everyone, the next proposer's
 * block is as large, and the height never finishes under load. The speed is measured, not configured: an
 * exponentially weighted mean of the time per transaction of the blocks this node built or validated (wall time on
 * this machine, under its real load).
 *
 * <p>What execution time does not show — a proposal gossiped late, validators starved of CPU — shows in the round a
 * height is decided in. So the count is also capped the way TCP paces a congested link (additive increase,
 * multiplicative decrease): a height decided in round 0 raises the cap by {@link #INCREASE}, one that needed more
 * rounds halves it (not below the floor). Used from the consensus thread only.
 */
public final class ProposalBudget {
  /** Weight of the newest block in the mean: a few blocks follow a change of load, one slow block does not rule. */
  static final double WEIGHT = 0.3;
  /** Blocks with fewer transactions say more about the fixed cost of a block than about the cost of a transaction. */
  static final int MIN_SAMPLE_TRANSACTIONS = 50;
  /** Transactions the cap grows by after each height decided in its first round. */
  static final int INCREASE = 250;

  private final long budgetNanos;
  private final int floor;
  private final int ceiling;
  private double nanosPerTransaction;
  private int cap;

  /**
   * @param budget the execution time a proposed block should take
   * @param floor the fewest transactions a block may carry however slow execution measures (progress under any load)
   * @param ceiling the most transactions a block may carry however fast execution measures
   * @param initialTimePerTransaction the assumed time per transaction until blocks have been measured
   */
  public ProposalBudget(Duration budget, int floor, int ceiling, Duration initialTimePerTransaction) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("proposal execution budget must be positive, got " + budget);
    }
    if (floor < 1 || ceiling < floor) {
      throw new IllegalArgumentException("need 1 <= floor <= ceiling transactions per block, got floor=" + floor
          + " ceiling=" + ceiling);
    }
    if (initialTimePerTransaction.isNegative() || initialTimePerTransaction.isZero()) {
      throw new IllegalArgumentException("initial time per transaction must be positive, got " + initialTimePerTransaction);
    }
    this.budgetNanos = budget.toNanos();
    this.floor = floor;
    this.ceiling = ceiling;
    this.nanosPerTransaction = initialTimePerTransaction.toNanos();
    this.cap = ceiling;
  }

  /** The most transactions the next proposed block may carry. */
  public int maxTransactions() {
    long fit = (long) (budgetNanos / nanosPerTransaction);
    return (int) Math.max(floor, Math.min(cap, fit));
  }

  /** A height was decided in {@code round}: round 0 grows the cap, a later round halves it. */
  public void onDecided(int round) {
    cap = round == 0 ? Math.min(ceiling, cap + INCREASE) : Math.max(floor, Math.min(cap, maxTransactions()) / 2);
  }

  /** The execution time a proposed block should take, in nanoseconds (also the proposer's build deadline). */
  public long budgetNanos() {
    return budgetNanos;
  }

  /** The measured mean execution time per transaction, in nanoseconds. */
  public double nanosPerTransaction() {
    return nanosPerTransaction;
  }

  /** Records that executing a block of {@code transactions} took {@code elapsedNanos}. */
  public void record(int transactions, long elapsedNanos) {
    if (transactions < MIN_SAMPLE_TRANSACTIONS || elapsedNanos <= 0) {
      return;
    }
    double sample = (double) elapsedNanos / transactions;
    nanosPerTransaction = nanosPerTransaction * (1 - WEIGHT) + sample * WEIGHT;
  }
}
