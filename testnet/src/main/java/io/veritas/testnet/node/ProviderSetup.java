package io.veritas.testnet.node;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.types.Address;
import io.veritas.market.worker.ProviderFaults;
import io.veritas.verifier.worker.VerifierFaults;
import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A compute provider this node runs: the key it registers and signs with, where its fees and rewards go, its price,
 * and (testing only) how it misbehaves as a provider and as a verifier.
 */
public record ProviderSetup(KeyPair key, Address payout, UInt256 pricePerToken, ProviderFaults faults, VerifierFaults verifierFaults) {
  /** The devnet's default price: 1 szabo (10^12 wei) per output token. */
  public static final UInt256 DEFAULT_PRICE_PER_TOKEN = UInt256.valueOf(1_000_000_000_000L);

  public ProviderSetup {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(payout, "payout");
    Objects.requireNonNull(pricePerToken, "pricePerToken");
    Objects.requireNonNull(faults, "faults");
    Objects.requireNonNull(verifierFaults, "verifierFaults");
    if (pricePerToken.isZero()) {
      throw new IllegalArgumentException("a provider's price per token must be positive");
    }
  }
}
