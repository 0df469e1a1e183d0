package io.veritas.market.rules;

import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A registered compute provider.
 *
 * @param registeredAt block of the first registration (a registered provider's is ≥ 1: transactions never run in block 0)
 * @param deregisteredAt block of deregistration, 0 while the provider takes jobs
 * @param activeJobs jobs assigned to it and not yet committed (what {@code providerCapacity} bounds)
 * @param openJobs jobs assigned to it and not yet settled or moved away (its bond stays locked while > 0)
 * @param settledJobs jobs it was paid for
 * @param timeouts result deadlines it missed
 */
public record Provider(
    Address address,
    UInt256 bond,
    UInt256 pricePerToken,
    Address payout,
    String endpoint,
    List<Bytes32> models,
    long registeredAt,
    long deregisteredAt,
    long activeJobs,
    long openJobs,
    long settledJobs,
    long timeouts) {

  public Provider {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(bond, "bond");
    Objects.requireNonNull(pricePerToken, "pricePerToken");
    Objects.requireNonNull(payout, "payout");
    Objects.requireNonNull(endpoint, "endpoint");
    models = List.copyOf(models);
    if (registeredAt < 1) {
      throw new IllegalArgumentException("provider " + address + " registeredAt must be a block ≥ 1, got " + registeredAt);
    }
    if (deregisteredAt < 0 || activeJobs < 0 || openJobs < activeJobs || settledJobs < 0 || timeouts < 0) {
      throw new IllegalArgumentException(
          "provider " + address + " has inconsistent counters: deregisteredAt=" + deregisteredAt + " activeJobs=" + activeJobs
              + " openJobs=" + openJobs + " settledJobs=" + settledJobs + " timeouts=" + timeouts);
    }
  }

  public boolean isDeregistered() {
    return deregisteredAt != 0;
  }

  public boolean serves(Bytes32 model) {
    return models.contains(model);
  }

  public Provider withBond(UInt256 newBond) {
    return new Provider(address, newBond, pricePerToken, payout, endpoint, models, registeredAt, deregisteredAt, activeJobs, openJobs,
        settledJobs, timeouts);
  }

  public Provider withDeregisteredAt(long height) {
    return new Provider(address, bond, pricePerToken, payout, endpoint, models, registeredAt, height, activeJobs, openJobs,
        settledJobs, timeouts);
  }

  public Provider withJobCounts(long newActiveJobs, long newOpenJobs) {
    return new Provider(address, bond, pricePerToken, payout, endpoint, models, registeredAt, deregisteredAt, newActiveJobs, newOpenJobs,
        settledJobs, timeouts);
  }
}
