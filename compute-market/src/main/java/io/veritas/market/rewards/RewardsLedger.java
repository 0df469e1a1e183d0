package io.veritas.market.rewards;

import io.veritas.chain.module.ModuleCall;
import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What other modules call to count work toward the epoch's rewards (ARCHITECTURE.md §5.5–5.6), from inside their own
 * {@link ModuleCall}: the compute market credits a settled job's work units to the provider's payout address, the
 * verifier credits verification work to verifiers. Work counts in the epoch of the block the call runs in, and is
 * paid by the rewards module's {@code payEpoch} at the start of the next epoch. Writes go to the rewards module's
 * storage inside the caller's call, so a revert of the call undoes them.
 */
public final class RewardsLedger {
  public static final Address REWARDS = RewardsModule.ADDRESS;

  private static final Logger LOG = LoggerFactory.getLogger(RewardsLedger.class);

  private final RewardsParameters params;

  public RewardsLedger(RewardsParameters params) {
    this.params = Objects.requireNonNull(params, "params");
  }

  public RewardsParameters parameters() {
    return params;
  }

  /** Work units of a job: output tokens × the model's cost factor. */
  public BigInteger workUnits(Bytes32 model, long outputTokens) {
    return params.costFactors().workUnits(model, outputTokens);
  }

  /**
   * Credits a settled job's work, {@code outputTokens × factor(model)} units, to {@code payout} in the current
   * epoch's provider pool; returns the units (0 tokens credit nothing).
   */
  public BigInteger creditProviderWork(ModuleCall call, Address payout, Bytes32 model, long outputTokens) {
    BigInteger units = workUnits(model, outputTokens);
    credit(call, RewardsState.Role.PROVIDER, payout, units);
    return units;
  }

  /** Credits {@code units} of verification work to {@code verifier} in the current epoch's verifier pool (0 credits nothing). */
  public void creditVerifierWork(ModuleCall call, Address verifier, BigInteger units) {
    credit(call, RewardsState.Role.VERIFIER, verifier, units);
  }

  /** The epoch the block of {@code call} counts in. */
  public long epochOf(ModuleCall call) {
    return params.epochOf(call.block().number());
  }

  /** Read-only state of the rewards module (for RPC or {@code dueCalls}). */
  public static RewardsState reading(ModuleStateView view) {
    return new RewardsState(view.storageOf(REWARDS));
  }

  private void credit(ModuleCall call, RewardsState.Role role, Address who, BigInteger units) {
    Objects.requireNonNull(who, "who");
    if (units.signum() < 0) {
      throw new IllegalArgumentException("work units must not be negative: " + units + " for " + who);
    }
    if (units.signum() == 0) {
      return;
    }
    long epoch = epochOf(call);
    new RewardsState(call.storageOf(REWARDS)).credit(epoch, role, who, units);
    LOG.debug("work credited: block={} epoch={} role={} to={} units={}", call.block().number(), epoch, role, who, units);
  }
}
