package io.veritas.market.rewards;

import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The compute rewards' rules, fixed in genesis (ARCHITECTURE.md §5.6): every {@code epochLengthBlocks} blocks the
 * protocol mints up to {@code emissionPerEpoch} wei, {@code verifierShareBps}/10,000 of it for verifiers and the
 * rest for providers, each pool split pro rata by the work units of the epoch.
 *
 * @param epochLengthBlocks blocks per epoch; epoch e is blocks [e·L, (e+1)·L)
 * @param emissionPerEpoch wei minted at most per epoch (less when a pool had no work or for rounding)
 * @param verifierShareBps the verifiers' pool in basis points of the emission, 0..10,000
 * @param costFactors work units per output token of each model
 */
public record RewardsParameters(long epochLengthBlocks, UInt256 emissionPerEpoch, int verifierShareBps, ModelCostFactors costFactors) {
  public static final int BPS = 10_000;
  /** Largest emission: 2^128 wei keeps pool × units products far inside 2^256 (units are < 2^120). */
  public static final UInt256 MAX_EMISSION = UInt256.ONE.shiftLeft(128);

  public RewardsParameters {
    Objects.requireNonNull(emissionPerEpoch, "emissionPerEpoch");
    Objects.requireNonNull(costFactors, "costFactors");
    if (epochLengthBlocks < 1) {
      throw new IllegalArgumentException("epochLengthBlocks must be positive, got " + epochLengthBlocks);
    }
    if (emissionPerEpoch.greaterThan(MAX_EMISSION)) {
      throw new IllegalArgumentException(
          "emissionPerEpoch " + emissionPerEpoch.toDecimalString() + " wei exceeds the maximum " + MAX_EMISSION.toDecimalString() + " wei");
    }
    if (verifierShareBps < 0 || verifierShareBps > BPS) {
      throw new IllegalArgumentException("verifierShareBps must be in [0, " + BPS + "], got " + verifierShareBps);
    }
  }

  /** The epoch block {@code blockNumber} belongs to. */
  public long epochOf(long blockNumber) {
    return blockNumber / epochLengthBlocks;
  }

  /** The first block of epoch {@code epoch}. */
  public long firstBlockOf(long epoch) {
    return Math.multiplyExact(epoch, epochLengthBlocks);
  }

  /** The verifiers' pool: floor(emission × share / 10,000). */
  public UInt256 verifierPool() {
    return emissionPerEpoch.multiply(UInt256.valueOf(verifierShareBps)).divide(UInt256.valueOf(BPS));
  }

  /** The providers' pool: the emission minus the verifiers' pool. */
  public UInt256 providerPool() {
    return emissionPerEpoch.subtract(verifierPool());
  }
}
