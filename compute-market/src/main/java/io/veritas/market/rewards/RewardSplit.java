package io.veritas.market.rewards;

import java.math.BigInteger;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The pro-rata rule, pure: a recipient with {@code units} of a pool's {@code totalUnits} gets
 * floor(pool × units / totalUnits) wei. What the floors leave over is never minted, so an epoch mints at most its
 * emission and no rounding dust sits unowned in the rewards account.
 */
public final class RewardSplit {
  private RewardSplit() {}

  public static UInt256 share(UInt256 pool, BigInteger units, BigInteger totalUnits) {
    if (units.signum() < 0 || totalUnits.signum() <= 0 || units.compareTo(totalUnits) > 0) {
      throw new IllegalArgumentException("share of " + units + " units out of " + totalUnits + " is not a share");
    }
    return UInt256.valueOf(pool.toBigInteger().multiply(units).divide(totalUnits));
  }
}
