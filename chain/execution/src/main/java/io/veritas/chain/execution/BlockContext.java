package io.veritas.chain.execution;

import io.veritas.chain.types.Address;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/** What a transaction sees of the block it executes in. */
public record BlockContext(
    long number, long timestamp, Address proposer, UInt256 baseFee, long gasLimit, Bytes32 beacon) {
  public BlockContext {
    if (number < 0) {
      throw new IllegalArgumentException("block number must not be negative: " + number);
    }
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(baseFee, "baseFee");
    Objects.requireNonNull(beacon, "beacon");
    if (gasLimit <= 0) {
      throw new IllegalArgumentException("block gas limit must be positive: " + gasLimit);
    }
  }
}
