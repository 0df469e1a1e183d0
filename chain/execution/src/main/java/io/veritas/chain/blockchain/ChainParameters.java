package io.veritas.chain.blockchain;

import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/** The chain-wide rules a block is checked against; they come from the genesis file. */
public record ChainParameters(long chainId, long blockGasLimit, UInt256 initialBaseFee, UInt256 minBaseFee, int maxBlockTransactions) {
  public ChainParameters {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain id must be positive, got " + chainId);
    }
    if (blockGasLimit < 21_000) {
      throw new IllegalArgumentException("block gas limit must be at least 21000, got " + blockGasLimit);
    }
    Objects.requireNonNull(initialBaseFee, "initialBaseFee");
    Objects.requireNonNull(minBaseFee, "minBaseFee");
    if (initialBaseFee.lessThan(minBaseFee)) {
      throw new IllegalArgumentException("initial base fee " + initialBaseFee.toDecimalString() + " is below the minimum " + minBaseFee.toDecimalString());
    }
    if (maxBlockTransactions <= 0) {
      throw new IllegalArgumentException("max block transactions must be positive, got " + maxBlockTransactions);
    }
  }
}
