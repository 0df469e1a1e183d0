package io.veritas.consensus.beacon;

import io.veritas.consensus.vrf.EcVrf;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** What a proposer puts in its block header: the 81-byte VRF proof and the beacon it yields. */
public record BeaconOutput(Bytes vrfProof, Bytes32 beacon) {
    public BeaconOutput {
        Objects.requireNonNull(vrfProof, "vrfProof");
        Objects.requireNonNull(beacon, "beacon");
        if (vrfProof.size() != EcVrf.PROOF_LENGTH) {
            throw new IllegalArgumentException("VRF proof must be " + EcVrf.PROOF_LENGTH + " bytes, got " + vrfProof.size());
        }
    }
}
