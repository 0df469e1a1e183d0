package io.veritas.consensus.beacon;

import io.veritas.consensus.vrf.EcVrf;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * The chain's randomness beacon (design §3): the proposer of height h publishes
 * {@code proof = ECVRF_prove(sk_vrf, prevBeacon ‖ h)} (h as 8 bytes big-endian) and
 * {@code beacon(h) = keccak256(prevBeacon ‖ ECVRF_proof_to_hash(proof))} (Ethereum Keccak-256, not SHA3-256).
 * A VRF output is unique per key and input, so a proposer can withhold its block but not choose the value.
 */
public final class RandomnessBeacon {

    public static final int BEACON_LENGTH = 32;

    private RandomnessBeacon() {}

    /** The VRF input for height {@code height}: {@code prevBeacon ‖ uint64_be(height)}. */
    public static byte[] vrfInput(byte[] prevBeacon, long height) {
        requireBeacon(prevBeacon);
        if (height < 0) {
            throw new IllegalArgumentException("beacon height must be non-negative, got " + height);
        }
        return ByteBuffer.allocate(BEACON_LENGTH + Long.BYTES).put(prevBeacon).putLong(height).array();
    }

    /** The proposer's side: the VRF proof to put in the block at {@code height}. */
    public static byte[] prove(byte[] vrfSecretKey, byte[] prevBeacon, long height) {
        return EcVrf.prove(vrfSecretKey, vrfInput(prevBeacon, height));
    }

    /** {@code keccak256(prevBeacon ‖ vrfOutput)}. */
    public static byte[] combine(byte[] prevBeacon, byte[] vrfOutput) {
        requireBeacon(prevBeacon);
        if (vrfOutput.length != EcVrf.OUTPUT_LENGTH) {
            throw new IllegalArgumentException("VRF output must be 32 bytes, got " + vrfOutput.length);
        }
        KeccakDigest keccak = new KeccakDigest(256);
        keccak.update(prevBeacon, 0, prevBeacon.length);
        keccak.update(vrfOutput, 0, vrfOutput.length);
        byte[] out = new byte[BEACON_LENGTH];
        keccak.doFinal(out, 0);
        return out;
    }

    /**
     * Every node's side: verifies the proposer's proof for {@code height} against its VRF public key and
     * returns the next beacon, or empty when the proof is invalid (the block must then be rejected).
     */
    public static Optional<byte[]> next(byte[] prevBeacon, long height, byte[] proof, byte[] vrfPublicKey) {
        return EcVrf.verify(vrfPublicKey, vrfInput(prevBeacon, height), proof)
                .map(output -> combine(prevBeacon, output));
    }

    private static void requireBeacon(byte[] beacon) {
        if (beacon == null || beacon.length != BEACON_LENGTH) {
            throw new IllegalArgumentException("previous beacon must be 32 bytes, got "
                    + (beacon == null ? "null" : beacon.length + " bytes"));
        }
    }

}
