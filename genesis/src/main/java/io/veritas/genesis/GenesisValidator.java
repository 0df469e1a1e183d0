package io.veritas.genesis;

import io.veritas.chain.types.Address;

/** One entry of the genesis validator set: the validator's account and its voting power. */
public record GenesisValidator(Address address, long power) {
  public GenesisValidator {
    if (power <= 0) {
      throw new IllegalArgumentException("validator " + address + " must have positive power, got " + power);
    }
  }

}
