package io.veritas.consensus.validator;

import java.util.Objects;

/** A change to the validator set: the validator's new voting power, 0 to remove it. */
public record ValidatorChange(ValidatorAddress address, long votingPower) {

    public ValidatorChange {
        Objects.requireNonNull(address, "address");
        if (votingPower < 0) {
            throw new IllegalArgumentException("validator " + address + " cannot have negative power " + votingPower);
        }
    }
}
