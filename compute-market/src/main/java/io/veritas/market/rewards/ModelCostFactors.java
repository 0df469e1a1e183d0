package io.veritas.market.rewards;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * How much one output token of each model counts toward the epoch's reward split (ARCHITECTURE.md §5.5): work units
 * of a job = output tokens × its model's cost factor. A model not listed has factor 1. Fixed in genesis.
 */
public record ModelCostFactors(Map<Bytes32, Long> factors) {
  /** Every model counts 1 unit per token. */
  public static final ModelCostFactors UNIFORM = new ModelCostFactors(Map.of());

  /** Largest factor: keeps tokens (< 2^32) × factor far inside a uint256 and a long. */
  public static final long MAX_FACTOR = 1L << 24;

  public ModelCostFactors {
    factors = Map.copyOf(Objects.requireNonNull(factors, "factors"));
    for (Map.Entry<Bytes32, Long> e : factors.entrySet()) {
      if (e.getKey().isZero()) {
        throw new IllegalArgumentException("model id 0x00…00 is not a model and cannot have a cost factor");
      }
      if (e.getValue() < 1 || e.getValue() > MAX_FACTOR) {
        throw new IllegalArgumentException(
            "cost factor of model " + e.getKey() + " must be in [1, " + MAX_FACTOR + "], got " + e.getValue());
      }
    }
  }

  public long factor(Bytes32 model) {
    return factors.getOrDefault(model, 1L);
  }

  /** Work units of {@code outputTokens} tokens of {@code model}. */
  public BigInteger workUnits(Bytes32 model, long outputTokens) {
    if (outputTokens < 0) {
      throw new IllegalArgumentException("output token count must not be negative: " + outputTokens);
    }
    return BigInteger.valueOf(outputTokens).multiply(BigInteger.valueOf(factor(model)));
  }
}
