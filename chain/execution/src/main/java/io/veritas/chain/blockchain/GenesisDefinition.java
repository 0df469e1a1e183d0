package io.veritas.chain.blockchain;

import io.veritas.chain.state.WorldState;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes32;

/**
 * What block 0 is made of: its timestamp, the first beacon value, the hash of the first validator set, and
 * the code that writes the initial state (funded accounts, module settings) into an empty world state.
 */
public record GenesisDefinition(long timestamp, Bytes32 beacon, Bytes32 validatorsHash, Consumer<WorldState> allocation) {
  public GenesisDefinition {
    if (timestamp < 0) {
      throw new IllegalArgumentException("genesis timestamp must not be negative: " + timestamp);
    }
    Objects.requireNonNull(beacon, "beacon");
    Objects.requireNonNull(validatorsHash, "validatorsHash");
    Objects.requireNonNull(allocation, "allocation");
  }
}
