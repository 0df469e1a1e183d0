package io.veritas.chain.execution;

import java.math.BigInteger;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * EIP-1559's base fee rule: the target is half the gas limit (elasticity 2); a block above target raises the
 * next base fee by up to 1/8, below target lowers it by up to 1/8. Veritas adds a floor (from genesis) so an
 * idle chain does not fall to zero and spam stays priced.
 */
public final class BaseFee {
  public static final int ELASTICITY_MULTIPLIER = 2;
  public static final int CHANGE_DENOMINATOR = 8;

  private BaseFee() {}

  public static UInt256 next(UInt256 parentBaseFee, long parentGasUsed, long parentGasLimit, UInt256 floor) {
    long target = parentGasLimit / ELASTICITY_MULTIPLIER;
    BigInteger base = parentBaseFee.toBigInteger();
    BigInteger next;
    if (parentGasUsed == target || target == 0) {
      next = base;
    } else if (parentGasUsed > target) {
      BigInteger delta =
          base.multiply(BigInteger.valueOf(parentGasUsed - target))
              .divide(BigInteger.valueOf(target))
              .divide(BigInteger.valueOf(CHANGE_DENOMINATOR))
              .max(BigInteger.ONE);
      next = base.add(delta);
    } else {
      BigInteger delta =
          base.multiply(BigInteger.valueOf(target - parentGasUsed))
              .divide(BigInteger.valueOf(target))
              .divide(BigInteger.valueOf(CHANGE_DENOMINATOR));
      next = base.subtract(delta);
    }
    UInt256 result = UInt256.valueOf(next);
    return result.lessThan(floor) ? floor : result;
  }
}
