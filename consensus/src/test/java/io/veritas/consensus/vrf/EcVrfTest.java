package io.veritas.consensus.vrf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EcVrfTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * All test vectors for ECVRF-P256-SHA256-TAI: RFC 9381, Appendix B.1, Examples 10, 11 and 12
     * (secret key, public key, alpha, pi, beta).
     */
    @ParameterizedTest(name = "RFC 9381 B.1 example {0}")
    @CsvSource({
        "10, c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721,"
                + " 0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6,"
                + " 73616d706c65,"
                + " 035b5c726e8c0e2c488a107c600578ee75cb702343c153cb1eb8dec77f4b5071b4a53f0a46f018bc2c56e58d383f2305e0975972c26feea0eb122fe7893c15af376b33edf7de17c6ea056d4d82de6bc02f,"
                + " a3ad7b0ef73d8fc6655053ea22f9bede8c743f08bbed3d38821f0e16474b505e",
        "11, c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721,"
                + " 0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6,"
                + " 74657374,"
                + " 034dac60aba508ba0c01aa9be80377ebd7562c4a52d74722e0abae7dc3080ddb56c19e067b15a8a8174905b13617804534214f935b94c2287f797e393eb0816969d864f37625b443f30f1a5a33f2b3c854,"
                + " a284f94ceec2ff4b3794629da7cbafa49121972671b466cab4ce170aa365f26d",
        "12, 2ca1411a41b17b24cc8c3b089cfd033f1920202a6c0de8abb97df1498d50d2c8,"
                + " 03596375e6ce57e0f20294fc46bdfcfd19a39f8161b58695b3ec5b3d16427c274d,"
                + " 4578616d706c65207573696e67204543445341206b65792066726f6d20417070656e646978204c2e342e32206f6620414e53492e58392d36322d32303035,"
                + " 03d03398bf53aa23831d7d1b2937e005fb0062cbefa06796579f2a1fc7e7b8c667d091c00b0f5c3619d10ecea44363b5a599cadc5b2957e223fec62e81f7b4825fc799a771a3d7334b9186bdbee87316b1,"
                + " 90871e06da5caa39a3c61578ebb844de8635e27ac0b13e829997d0d95dd98c19",
    })
    void matchesRfc9381Vectors(int example, String sk, String pk, String alpha, String pi, String beta) {
        byte[] secret = HEX.parseHex(sk);
        assertEquals(pk, HEX.formatHex(EcVrf.publicKey(secret)));
        byte[] proof = EcVrf.prove(secret, HEX.parseHex(alpha));
        assertEquals(pi, HEX.formatHex(proof));
        assertEquals(beta, HEX.formatHex(EcVrf.proofToHash(proof).orElseThrow()));
        assertEquals(beta, HEX.formatHex(EcVrf.verify(HEX.parseHex(pk), HEX.parseHex(alpha), proof).orElseThrow()));
    }

    private static final byte[] SK = HEX.parseHex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721");
    private static final byte[] PK = HEX.parseHex("0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6");
    private static final byte[] ALPHA = "sample".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rejectsEveryProofWithOneFlippedBit() {
        byte[] proof = EcVrf.prove(SK, ALPHA);
        for (int bit = 0; bit < proof.length * 8; bit++) {
            byte[] tampered = proof.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertEquals(Optional.empty(), EcVrf.verify(PK, ALPHA, tampered).map(HEX::formatHex), "bit " + bit);
        }
    }

    @Test
    void rejectsProofUnderAnotherPublicKey() {
        VrfKeyPair other = EcVrf.generateKeyPair(new SecureRandom());
        assertTrue(EcVrf.verify(other.publicKey(), ALPHA, EcVrf.prove(SK, ALPHA)).isEmpty());
    }

    @Test
    void rejectsProofForAnotherAlpha() {
        assertTrue(EcVrf.verify(PK, "samplf".getBytes(StandardCharsets.US_ASCII), EcVrf.prove(SK, ALPHA)).isEmpty());
    }

    @Test
    void rejectsMalformedKeysAndProofs() {
        byte[] proof = EcVrf.prove(SK, ALPHA);
        assertTrue(EcVrf.verify(new byte[33], ALPHA, proof).isEmpty(), "zero key");
        assertTrue(EcVrf.verify(java.util.Arrays.copyOf(PK, 32), ALPHA, proof).isEmpty(), "short key");
        assertTrue(EcVrf.verify(PK, ALPHA, java.util.Arrays.copyOf(proof, 80)).isEmpty(), "short proof");
        // x = p (not a field element) for Gamma.
        byte[] badGamma = proof.clone();
        byte[] p = HEX.parseHex("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        System.arraycopy(p, 0, badGamma, 1, 32);
        assertTrue(EcVrf.verify(PK, ALPHA, badGamma).isEmpty(), "gamma x = p");
        assertTrue(EcVrf.proofToHash(badGamma).isEmpty());
        // s = q (out of range) must be rejected even though s mod q = 0 would be arithmetic-valid.
        byte[] bigS = proof.clone();
        byte[] q = HEX.parseHex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
        System.arraycopy(q, 0, bigS, 49, 32);
        assertTrue(EcVrf.verify(PK, ALPHA, bigS).isEmpty(), "s = q");
    }

    @Test
    void generatedKeysProveAndVerify() {
        VrfKeyPair kp = EcVrf.generateKeyPair(new SecureRandom());
        byte[] proof = EcVrf.prove(kp.secretKey(), ALPHA);
        assertArrayEquals(EcVrf.proofToHash(proof).orElseThrow(), EcVrf.verify(kp.publicKey(), ALPHA, proof).orElseThrow());
        assertArrayEquals(kp.publicKey(), VrfKeyPair.fromSecret(kp.secretKey()).publicKey());
    }

    @Test
    void rejectsOutOfRangeSecretKey() {
        assertThrows(IllegalArgumentException.class, () -> EcVrf.prove(new byte[32], ALPHA));
        assertThrows(IllegalArgumentException.class, () -> EcVrf.publicKey(new byte[31]));
    }
}
