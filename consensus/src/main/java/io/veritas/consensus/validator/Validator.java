package io.veritas.consensus.validator;

import java.util.Objects;

/** A validator and its voting power (= bonded stake in the chain's unit). */
public record Validator(ValidatorAddress address, long votingPower) {

    public Validator {
        Objects.requireNonNull(address, "address");
        if (votingPower <= 0) {
            throw new IllegalArgumentException("validator " + address + " has non-positive voting power " + votingPower);
        }
    }
}
