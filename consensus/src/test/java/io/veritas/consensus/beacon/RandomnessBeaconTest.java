package io.veritas.consensus.beacon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.consensus.vrf.EcVrf;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class RandomnessBeaconTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SK = HEX.parseHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    private static final byte[] PK = EcVrf.publicKey(SK);
    private static final byte[] PREV = new byte[32];

    @Test
    void keccakIsEthereumKeccakNotSha3() {
        // keccak256("") as used by Ethereum; SHA3-256("") would be a7ffc6f8...
        KeccakDigest k = new KeccakDigest(256);
        byte[] out = new byte[32];
        k.doFinal(out, 0);
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", HEX.formatHex(out));
    }

    @Test
    void vrfInputIsPrevBeaconThenBigEndianHeight() {
        assertEquals("00".repeat(32) + "0000000000000102", HEX.formatHex(RandomnessBeacon.vrfInput(PREV, 258)));
    }

    @Test
    void nextBeaconHashesPrevBeaconWithVrfOutput() {
        byte[] proof = RandomnessBeacon.prove(SK, PREV, 7);
        byte[] beta = EcVrf.verify(PK, RandomnessBeacon.vrfInput(PREV, 7), proof).orElseThrow();
        KeccakDigest k = new KeccakDigest(256);
        k.update(PREV, 0, 32);
        k.update(beta, 0, 32);
        byte[] expected = new byte[32];
        k.doFinal(expected, 0);
        assertArrayEquals(expected, RandomnessBeacon.next(PREV, 7, proof, PK).orElseThrow());
    }

    @Test
    void rejectsProofForAnotherHeightOrPrevBeacon() {
        byte[] proof = RandomnessBeacon.prove(SK, PREV, 7);
        assertTrue(RandomnessBeacon.next(PREV, 8, proof, PK).isEmpty());
        byte[] otherPrev = PREV.clone();
        otherPrev[31] = 1;
        assertTrue(RandomnessBeacon.next(otherPrev, 7, proof, PK).isEmpty());
    }

    @Test
    void rejectsProofFromAnotherKey() {
        byte[] otherSk = SK.clone();
        otherSk[31] ^= 1;
        byte[] proof = RandomnessBeacon.prove(otherSk, PREV, 7);
        assertTrue(RandomnessBeacon.next(PREV, 7, proof, PK).isEmpty());
    }

    @Test
    void rejectsWrongSizedBeacon() {
        assertThrows(IllegalArgumentException.class, () -> RandomnessBeacon.vrfInput(new byte[31], 1));
    }
}
