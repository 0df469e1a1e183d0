package io.veritas.consensus.beacon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.types.Address;
import io.veritas.consensus.staking.StakedValidator;
import io.veritas.consensus.staking.StakedValidatorSet;
import io.veritas.consensus.vrf.EcVrf;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import io.veritas.consensus.vrf.VrfKeyPair;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class BeaconVerifierTest {
    private static final Address PROPOSER = Address.fromHex("0x00000000000000000000000000000000000000a1");
    private static final Address OTHER = Address.fromHex("0x00000000000000000000000000000000000000b2");
    private static final VrfKeyPair KEY = VrfKeyDerivation.fromValidatorSecret(UInt256.valueOf(0xa1).toArray());
    private static final VrfKeyPair OTHER_KEY = VrfKeyDerivation.fromValidatorSecret(UInt256.valueOf(0xb2).toArray());
    private static final Bytes32 PREV = Keccak256.hash(Bytes.wrap("previous".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    private static final StakedValidatorSet SET = new StakedValidatorSet(1, List.of(
            new StakedValidator(PROPOSER, 10, Bytes.wrap(KEY.publicKey())), new StakedValidator(OTHER, 10, Bytes.wrap(OTHER_KEY.publicKey()))));

    private static BlockHeader header(long number, Address proposer, Bytes32 beacon, Bytes vrfProof) {
        return new BlockHeader(Bytes32.ZERO, number, 1_767_225_601L, proposer, Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO,
                LogsBloom.EMPTY, 30_000_000, 0, UInt256.ONE, beacon, vrfProof, SET.hash(), Bytes32.ZERO);
    }

    @Test
    void producedProofAndBeaconVerify() throws InvalidBeaconException {
        BeaconOutput out = BeaconProducer.produce(KEY, PREV, 9);
        assertEquals(EcVrf.PROOF_LENGTH, out.vrfProof().size());
        byte[] vrfOutput = EcVrf.proofToHash(out.vrfProof().toArray()).orElseThrow();
        assertEquals(Keccak256.hash(Bytes.concatenate(PREV, Bytes.wrap(vrfOutput))), out.beacon(), "keccak256(prevBeacon ‖ VRF output)");
        assertEquals(out, BeaconProducer.produce(KEY, PREV, 9), "ECVRF proofs are deterministic");
        assertEquals(out.beacon(), BeaconVerifier.verify(out.vrfProof(), Bytes.wrap(KEY.publicKey()), PREV, 9));
        BeaconVerifier.verifyHeader(header(9, PROPOSER, out.beacon(), out.vrfProof()), PREV, SET);
    }

    @Test
    void rejectsATamperedProofAndAnotherValidatorsKey() {
        BeaconOutput out = BeaconProducer.produce(KEY, PREV, 9);
        byte[] tampered = out.vrfProof().toArray();
        tampered[80] ^= 1;
        InvalidBeaconException bad = assertThrows(InvalidBeaconException.class,
                () -> BeaconVerifier.verify(Bytes.wrap(tampered), Bytes.wrap(KEY.publicKey()), PREV, 9));
        assertEquals("block 9: VRF proof does not verify under VRF key " + Bytes.wrap(KEY.publicKey()).toHexString()
                + " for input previous beacon " + PREV + " ‖ height 9", bad.getMessage());

        // A proof by the right key but a header naming the other validator as proposer.
        InvalidBeaconException wrongKey = assertThrows(InvalidBeaconException.class,
                () -> BeaconVerifier.verifyHeader(header(9, OTHER, out.beacon(), out.vrfProof()), PREV, SET));
        assertEquals("block 9: VRF proof does not verify under VRF key " + Bytes.wrap(OTHER_KEY.publicKey()).toHexString()
                + " for input previous beacon " + PREV + " ‖ height 9 (proposer " + OTHER + ")", wrongKey.getMessage());
    }

    @Test
    void rejectsAProofForAnotherHeightOrParent() {
        BeaconOutput out = BeaconProducer.produce(KEY, PREV, 9);
        assertThrows(InvalidBeaconException.class, () -> BeaconVerifier.verify(out.vrfProof(), Bytes.wrap(KEY.publicKey()), PREV, 10));
        assertThrows(InvalidBeaconException.class, () -> BeaconVerifier.verify(out.vrfProof(), Bytes.wrap(KEY.publicKey()), Bytes32.ZERO, 9));
    }

    @Test
    void rejectsAWrongLengthProofAWrongBeaconAndAnOutsideProposer() {
        BeaconOutput out = BeaconProducer.produce(KEY, PREV, 9);
        InvalidBeaconException empty = assertThrows(InvalidBeaconException.class,
                () -> BeaconVerifier.verifyHeader(header(9, PROPOSER, out.beacon(), Bytes.EMPTY), PREV, SET));
        assertEquals("block 9: VRF proof is 0 bytes, expected 81 (proposer " + PROPOSER + ")", empty.getMessage());

        InvalidBeaconException beacon = assertThrows(InvalidBeaconException.class,
                () -> BeaconVerifier.verifyHeader(header(9, PROPOSER, PREV, out.vrfProof()), PREV, SET));
        assertEquals("block 9: beacon " + PREV + " should be " + out.beacon() + " = keccak256(previous beacon ‖ VRF output)",
                beacon.getMessage());

        Address outsider = Address.fromHex("0x00000000000000000000000000000000000000c3");
        InvalidBeaconException notInSet = assertThrows(InvalidBeaconException.class,
                () -> BeaconVerifier.verifyHeader(header(9, outsider, out.beacon(), out.vrfProof()), PREV, SET));
        assertEquals("block 9: proposer " + outsider + " is not in the validator set of height 9, so it has no VRF key",
                notInSet.getMessage());
    }
}
