package io.veritas.consensus.beacon;

import io.veritas.consensus.vrf.VrfKeyPair;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The proposer's side of the beacon (design §3): {@code vrfProof = ECVRF_prove(sk_vrf, prevBeacon ‖ uint64_be(height))}
 * and {@code beacon = keccak256(prevBeacon ‖ ECVRF_proof_to_hash(vrfProof))}, for the header of block {@code height}
 * whose parent carries {@code prevBeacon}.
 */
public final class BeaconProducer {

    private BeaconProducer() {}

    public static BeaconOutput produce(VrfKeyPair proposerKey, Bytes32 prevBeacon, long height) {
        byte[] prev = prevBeacon.toArray();
        byte[] proof = RandomnessBeacon.prove(proposerKey.secretKey(), prev, height);
        // The proof was just made with this key, so verifying it (which also derives the output) cannot fail.
        byte[] beacon = RandomnessBeacon.next(prev, height, proof, proposerKey.publicKey()).orElseThrow(
                () -> new IllegalStateException("VRF proof made for height " + height + " does not verify under its own key"));
        return new BeaconOutput(Bytes.wrap(proof), Bytes32.wrap(beacon));
    }
}
