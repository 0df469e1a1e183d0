package io.veritas.verifier.rules;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Where the wei slashed in one challenge goes (ARCHITECTURE.md §6.3), pure integer arithmetic: each loser loses
 * {@code bond × slashFractionBps / 10000} (rounded down); of the total, {@code total × slashRewardShareBps / 10000}
 * (rounded down) is shared equally by the honest side (each gets the pool / n, rounded down); everything else —
 * the rest of the total and the rounding remainder of the split — is burned.
 *
 * @param total wei taken from all losers
 * @param perHonest wei each member of the honest side receives
 * @param burned wei destroyed: {@code total − perHonest × honestCount}
 */
public record SlashSplit(UInt256 total, UInt256 perHonest, UInt256 burned) {
  private static final BigInteger BPS = BigInteger.valueOf(VerifierParameters.BPS);

  public SlashSplit {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(perHonest, "perHonest");
    Objects.requireNonNull(burned, "burned");
    if (burned.greaterThan(total)) {
      throw new IllegalArgumentException("burned " + burned.toDecimalString() + " exceeds the total slashed " + total.toDecimalString());
    }
  }

  /** What a loser with {@code bond} loses (the product is taken without overflow, the result is at most the bond). */
  public static UInt256 slashAmount(UInt256 bond, int slashFractionBps) {
    return bps(bond, slashFractionBps);
  }

  public static SlashSplit of(List<UInt256> slashed, int honestCount, int slashRewardShareBps) {
    if (honestCount < 0) {
      throw new IllegalArgumentException("honest side must not be negative: " + honestCount);
    }
    UInt256 total = UInt256.ZERO;
    for (UInt256 amount : slashed) {
      total = total.addExact(amount);
    }
    UInt256 pool = bps(total, slashRewardShareBps);
    UInt256 each = honestCount == 0 ? UInt256.ZERO : pool.divide(UInt256.valueOf(honestCount));
    UInt256 paid = each.multiply(UInt256.valueOf(honestCount));
    return new SlashSplit(total, each, total.subtract(paid));
  }

  /** {@code amount × bps / 10000}, rounded down; never more than {@code amount} since bps ≤ 10000. */
  private static UInt256 bps(UInt256 amount, int bps) {
    if (bps < 0 || bps > VerifierParameters.BPS) {
      throw new IllegalArgumentException("basis points must be in [0, 10000], got " + bps);
    }
    return UInt256.valueOf(amount.toBigInteger().multiply(BigInteger.valueOf(bps)).divide(BPS));
  }
}
