package io.veritas.verifier.rules;

import io.veritas.market.rules.MarketParameters;

/**
 * The verification game's rules, fixed in genesis (ARCHITECTURE.md §6). Probabilities and fractions are in basis
 * points (1/10,000), so every node computes them with the same integer arithmetic.
 *
 * @param challengeProbabilityBps {@code p}: the chance that a result is challenged, for a provider with at least
 *     {@code newProviderJobs} settled jobs
 * @param newProviderProbabilityBps the chance for a provider with fewer settled jobs (a newcomer has no reputation
 *     to lose, so it is checked more often); at least {@code challengeProbabilityBps}
 * @param newProviderJobs settled jobs below which a provider counts as new
 * @param verifiersPerChallenge {@code k}: verifiers drawn for the first round
 * @param escalationVerifiers verifiers drawn for the second round after a disagreement (3 in the design)
 * @param challengeDelayBlocks blocks between a result's commit and its challenge draw, so the provider could not
 *     know the beacon that decides it when it computed
 * @param commitWindowBlocks blocks, from the round's start, in which the drawn verifiers commit sealed verdicts
 * @param revealWindowBlocks blocks in which verifiers and the provider reveal; the window opens the block after the
 *     last verifier committed, or after the commit window ends
 * @param slashFractionBps part of a loser's bond taken
 * @param slashRewardShareBps part of everything slashed in a challenge paid to the honest side (split equally); the
 *     rest is burned
 */
public record VerifierParameters(
    int challengeProbabilityBps,
    int newProviderProbabilityBps,
    long newProviderJobs,
    int verifiersPerChallenge,
    int escalationVerifiers,
    long challengeDelayBlocks,
    long commitWindowBlocks,
    long revealWindowBlocks,
    int slashFractionBps,
    int slashRewardShareBps) {

  /** 100% in basis points. */
  public static final int BPS = 10_000;
  /** Most verifiers one round may draw: bounds the storage and the work of one challenge. */
  public static final int MAX_VERIFIERS_PER_ROUND = 16;

  public VerifierParameters {
    requireBps("challengeProbabilityBps", challengeProbabilityBps);
    requireBps("newProviderProbabilityBps", newProviderProbabilityBps);
    if (newProviderProbabilityBps < challengeProbabilityBps) {
      throw new IllegalArgumentException("newProviderProbabilityBps " + newProviderProbabilityBps
          + " is below challengeProbabilityBps " + challengeProbabilityBps + ": new providers must be checked at least as often");
    }
    if (newProviderJobs < 0) {
      throw new IllegalArgumentException("newProviderJobs must not be negative, got " + newProviderJobs);
    }
    requireVerifierCount("verifiersPerChallenge", verifiersPerChallenge);
    requireVerifierCount("escalationVerifiers", escalationVerifiers);
    requirePositive("challengeDelayBlocks", challengeDelayBlocks);
    requirePositive("commitWindowBlocks", commitWindowBlocks);
    requirePositive("revealWindowBlocks", revealWindowBlocks);
    requireBps("slashFractionBps", slashFractionBps);
    if (slashFractionBps == 0) {
      throw new IllegalArgumentException("slashFractionBps must be positive: a loser that loses nothing has no reason to be honest");
    }
    requireBps("slashRewardShareBps", slashRewardShareBps);
  }

  /** The devnet defaults; README "Choosing the parameters" derives them. */
  public static VerifierParameters devnetDefaults() {
    return new VerifierParameters(500, 2_000, 20, 2, 3, 2, 10, 10, 5_000, 5_000);
  }

  /** The probability (bps) of a challenge for a provider with {@code settledJobs} settled jobs. */
  public int probabilityBps(long settledJobs) {
    return settledJobs < newProviderJobs ? newProviderProbabilityBps : challengeProbabilityBps;
  }

  /** Blocks one round lasts at most: its commit window then its reveal window. */
  public long roundBlocks() {
    return Math.addExact(commitWindowBlocks, revealWindowBlocks);
  }

  /**
   * Checks these rules against the market's. A challenge is drawn {@code challengeDelayBlocks} after the commit and
   * holds the job from settlement from then on, so the delay must end before the market's challenge window (else the
   * job would settle first). A verifier's bond must still be there when it is judged: a drawn verifier may deregister,
   * but must not get its bond back before both rounds can have ended.
   */
  public void requireCompatibleWith(MarketParameters market) {
    if (challengeDelayBlocks >= market.challengeWindowBlocks()) {
      throw new IllegalArgumentException("challengeDelayBlocks " + challengeDelayBlocks + " must be below the market's challengeWindowBlocks "
          + market.challengeWindowBlocks() + ": a job would settle before its challenge is drawn");
    }
    long lifetime = Math.addExact(2 * roundBlocks(), 2);
    if (market.unbondingBlocks() < lifetime) {
      throw new IllegalArgumentException("the market's unbondingBlocks " + market.unbondingBlocks() + " must be at least "
          + lifetime + " (two rounds of commit " + commitWindowBlocks + " + reveal " + revealWindowBlocks
          + " blocks, plus their resolutions): a verifier could withdraw its bond before it is judged");
    }
  }

  private static void requireBps(String name, int value) {
    if (value < 0 || value > BPS) {
      throw new IllegalArgumentException(name + " must be in [0, " + BPS + "] basis points, got " + value);
    }
  }

  private static void requireVerifierCount(String name, int value) {
    if (value < 1 || value > MAX_VERIFIERS_PER_ROUND) {
      throw new IllegalArgumentException(name + " must be in [1, " + MAX_VERIFIERS_PER_ROUND + "], got " + value);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }
}
