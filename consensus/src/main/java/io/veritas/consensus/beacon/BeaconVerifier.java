package io.veritas.consensus.beacon;

import io.veritas.chain.block.BlockHeader;
import io.veritas.consensus.staking.StakedValidator;
import io.veritas.consensus.staking.StakedValidatorSet;
import io.veritas.consensus.vrf.EcVrf;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Every node's side of the beacon: checks a header's VRF proof against its proposer's VRF key (from the staking set of
 * that height) and the parent's beacon, and that the header's beacon is the one the proof yields. Stateless.
 */
public final class BeaconVerifier {

    private BeaconVerifier() {}

    /**
     * The beacon that {@code vrfProof} yields for block {@code height} under {@code vrfKey} after {@code prevBeacon}.
     *
     * @throws InvalidBeaconException when the proof has the wrong length or does not verify
     */
    public static Bytes32 verify(Bytes vrfProof, Bytes vrfKey, Bytes32 prevBeacon, long height) throws InvalidBeaconException {
        if (vrfProof.size() != EcVrf.PROOF_LENGTH) {
            throw new InvalidBeaconException("block " + height + ": VRF proof is " + vrfProof.size() + " bytes, expected "
                    + EcVrf.PROOF_LENGTH);
        }
        Optional<byte[]> beacon = RandomnessBeacon.next(prevBeacon.toArray(), height, vrfProof.toArray(), vrfKey.toArray());
        if (beacon.isEmpty()) {
            throw new InvalidBeaconException("block " + height + ": VRF proof does not verify under VRF key " + vrfKey.toHexString()
                    + " for input previous beacon " + prevBeacon + " ‖ height " + height);
        }
        return Bytes32.wrap(beacon.get());
    }

    /**
     * Checks {@code header}'s VRF proof and beacon: its proposer must be in {@code validators} (the staking set of the
     * header's height), the proof must verify under that proposer's VRF key over the parent's beacon and the height,
     * and the header's beacon must be the result.
     */
    public static void verifyHeader(BlockHeader header, Bytes32 parentBeacon, StakedValidatorSet validators)
            throws InvalidBeaconException {
        long height = header.number();
        StakedValidator proposer = validators.member(header.proposer()).orElseThrow(() -> new InvalidBeaconException(
                "block " + height + ": proposer " + header.proposer() + " is not in the validator set of height " + height
                        + ", so it has no VRF key"));
        Bytes32 expected;
        try {
            expected = verify(header.vrfProof(), proposer.vrfKey(), parentBeacon, height);
        } catch (InvalidBeaconException e) {
            throw new InvalidBeaconException(e.getMessage() + " (proposer " + proposer.address() + ")");
        }
        if (!header.beacon().equals(expected)) {
            throw new InvalidBeaconException("block " + height + ": beacon " + header.beacon() + " should be " + expected
                    + " = keccak256(previous beacon ‖ VRF output)");
        }
    }
}
