package io.veritas.market.rules;

import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The compute market's rules of the game, fixed in genesis (ARCHITECTURE.md §5): how much a provider must
 * bond, how large a job may be, and how many blocks each phase of a job's life lasts.
 *
 * @param minProviderBond smallest bond (wei) with which a provider may register and be assigned jobs
 * @param maxTokensPerJob largest {@code maxTokens} a job may ask for
 * @param maxPromptBytes largest prompt a job may carry
 * @param resultTimeoutBlocks blocks after assignment in which the provider must commit its result
 * @param challengeWindowBlocks blocks after a commit before the job can settle
 * @param unbondingBlocks blocks after deregistration before the bond can be withdrawn
 * @param providerCapacity jobs a provider may hold assigned but not yet committed at once
 * @param timeoutPenalty wei taken (and burned) from a provider's bond when it misses a result deadline
 */
public record MarketParameters(
    UInt256 minProviderBond,
    long maxTokensPerJob,
    int maxPromptBytes,
    long resultTimeoutBlocks,
    long challengeWindowBlocks,
    long unbondingBlocks,
    int providerCapacity,
    UInt256 timeoutPenalty) {

  /** uint32 bound of {@code maxTokens} in {@code submitJob}. */
  public static final long MAX_UINT32 = 0xFFFF_FFFFL;

  public MarketParameters {
    Objects.requireNonNull(minProviderBond, "minProviderBond");
    Objects.requireNonNull(timeoutPenalty, "timeoutPenalty");
    if (minProviderBond.isZero()) {
      throw new IllegalArgumentException("minProviderBond must be positive: a provider without a bond cannot be penalised");
    }
    if (maxTokensPerJob < 1 || maxTokensPerJob > MAX_UINT32) {
      throw new IllegalArgumentException("maxTokensPerJob must be in [1, " + MAX_UINT32 + "], got " + maxTokensPerJob);
    }
    if (maxPromptBytes < 1) {
      throw new IllegalArgumentException("maxPromptBytes must be positive, got " + maxPromptBytes);
    }
    if (resultTimeoutBlocks < 1) {
      throw new IllegalArgumentException("resultTimeoutBlocks must be positive, got " + resultTimeoutBlocks);
    }
    if (challengeWindowBlocks < 1) {
      throw new IllegalArgumentException("challengeWindowBlocks must be positive, got " + challengeWindowBlocks);
    }
    if (unbondingBlocks < 0) {
      throw new IllegalArgumentException("unbondingBlocks must not be negative, got " + unbondingBlocks);
    }
    if (providerCapacity < 1) {
      throw new IllegalArgumentException("providerCapacity must be positive, got " + providerCapacity);
    }
    if (timeoutPenalty.greaterThan(minProviderBond)) {
      throw new IllegalArgumentException(
          "timeoutPenalty " + timeoutPenalty.toDecimalString() + " wei exceeds minProviderBond "
              + minProviderBond.toDecimalString() + " wei: one missed deadline would take more than a minimal bond");
    }
  }
}
