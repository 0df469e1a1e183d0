package io.veritas.consensus.staking;

import io.veritas.chain.types.Address;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.vrf.EcVrf;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/** A member of an active validator set: its account, voting power and ECVRF-P256 public key (33 bytes, SEC1 compressed). */
public record StakedValidator(Address address, long power, Bytes vrfKey) {

    public StakedValidator {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(vrfKey, "vrfKey");
        if (power <= 0) {
            throw new IllegalArgumentException("validator " + address + " must have positive power, got " + power);
        }
        if (vrfKey.size() != EcVrf.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("validator " + address + " VRF key must be " + EcVrf.PUBLIC_KEY_LENGTH
                    + " bytes, got " + vrfKey.size());
        }
    }

    /** The engine's view: address and power. */
    public Validator toValidator() {
        return new Validator(CommitCertificates.validator(address), power);
    }
}
