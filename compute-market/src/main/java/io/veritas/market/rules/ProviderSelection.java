package io.veritas.market.rules;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Which providers may take a job and which one does (ARCHITECTURE.md §5.2): deterministic from the block's
 * beacon, weighted by bond, skipping providers at capacity. Pure: every validator computes the same choice.
 *
 * <p>The draw: {@code r = uint256(keccak256(beacon ‖ uint256(jobId))) mod totalBond} for the first
 * assignment, {@code keccak256(beacon ‖ uint256(jobId) ‖ uint256(attempt))} for reassignment attempt ≥ 1;
 * walking the eligible providers in ascending address order with a running sum of bonds, the first provider
 * whose running sum exceeds {@code r} is chosen. A provider with bond b out of total B is thus chosen with
 * probability b / B (up to a bias below 2^-190 from the modulo).
 */
public final class ProviderSelection {
  private final MarketParameters params;

  public ProviderSelection(MarketParameters params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  /** Providers that may serve {@code model} at all: registered, not deregistered, bond at least the minimum. */
  public List<Provider> serving(List<Provider> providers, Bytes32 model) {
    return providers.stream()
        .filter(p -> p.serves(model) && !p.isDeregistered() && !p.bond().lessThan(params.minProviderBond()))
        .toList();
  }

  /** The lowest price per token among {@code serving}, which the escrow must cover for maxTokens. */
  public static Optional<UInt256> cheapestPrice(List<Provider> serving) {
    return serving.stream().map(Provider::pricePerToken).min(Comparator.naturalOrder());
  }

  /**
   * Of the providers serving the model, those that can take this job now: below capacity, priced so that
   * maxTokens × price fits in the escrow, and not excluded (the provider that missed the deadline).
   */
  public List<Provider> eligible(List<Provider> serving, long maxTokens, UInt256 escrow, Address excluded) {
    return serving.stream()
        .filter(p -> p.activeJobs() < params.providerCapacity())
        .filter(p -> !p.address().equals(excluded))
        .filter(p -> !maxCost(p.pricePerToken(), maxTokens).greaterThan(escrow))
        .toList();
  }

  /** The provider drawn among {@code eligible}, or empty when there is none (or all have zero bond). */
  public static Optional<Provider> draw(List<Provider> eligible, Bytes32 beacon, BigInteger jobId, int attempt) {
    if (attempt < 0) {
      throw new IllegalArgumentException("assignment attempt must not be negative: " + attempt);
    }
    List<Provider> ordered = new ArrayList<>(eligible);
    ordered.sort(Comparator.comparing(Provider::address));
    BigInteger total = BigInteger.ZERO;
    for (Provider p : ordered) {
      total = total.add(p.bond().toBigInteger());
    }
    if (total.signum() == 0) {
      return Optional.empty();
    }
    BigInteger r = drawValue(beacon, jobId, attempt).mod(total);
    BigInteger running = BigInteger.ZERO;
    for (Provider p : ordered) {
      running = running.add(p.bond().toBigInteger());
      if (r.compareTo(running) < 0) {
        return Optional.of(p);
      }
    }
    throw new IllegalStateException("draw " + r + " is not below the total bond " + total);
  }

  /** keccak256(beacon ‖ uint256(jobId) [‖ uint256(attempt) when attempt ≥ 1]) as an unsigned number. */
  public static BigInteger drawValue(Bytes32 beacon, BigInteger jobId, int attempt) {
    Bytes input = Bytes.concatenate(beacon, UInt256.valueOf(jobId));
    if (attempt > 0) {
      input = Bytes.concatenate(input, UInt256.valueOf(attempt));
    }
    return Keccak256.hash(input).toUnsignedBigInteger();
  }

  /** price × maxTokens; prices are bounded (see ComputeMarketModule.MAX_PRICE_PER_TOKEN) so this cannot wrap. */
  public static UInt256 maxCost(UInt256 pricePerToken, long maxTokens) {
    return pricePerToken.multiply(UInt256.valueOf(maxTokens));
  }
}
