package io.veritas.consensus.vrf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class VrfKeyDerivationTest {
    /** Hardhat/Anvil development account 10 (the devnet validator). */
    private static final byte[] DEVNET_VALIDATOR_SECRET =
            HexFormat.of().parseHex("f214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897");

    @Test
    void derivesTheHmacSha256OfTheValidatorSecretWithCounterZero() throws Exception {
        // The JDK's HMAC, independent of the Bouncy Castle one the derivation uses.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("veritas-vrf-key-v1".getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        mac.update(DEVNET_VALIDATOR_SECRET);
        mac.update((byte) 0);
        byte[] expectedSecret = mac.doFinal();

        VrfKeyPair key = VrfKeyDerivation.fromValidatorSecret(DEVNET_VALIDATOR_SECRET);
        assertArrayEquals(expectedSecret, key.secretKey());
        assertArrayEquals(EcVrf.publicKey(expectedSecret), key.publicKey());
        assertTrue(EcVrf.isValidPublicKey(key.publicKey()));
        assertEquals(key, VrfKeyDerivation.fromValidatorSecret(DEVNET_VALIDATOR_SECRET.clone()));
    }

    @Test
    void refusesASecretOfTheWrongLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VrfKeyDerivation.fromValidatorSecret(new byte[31]));
        assertEquals("a secp256k1 secret key is 32 bytes, got 31", e.getMessage());
    }

    @Test
    void publicKeyValidationRefusesNonPointsAndUncompressedForms() {
        VrfKeyPair key = VrfKeyDerivation.fromValidatorSecret(DEVNET_VALIDATOR_SECRET);
        byte[] wrongPrefix = key.publicKey();
        wrongPrefix[0] = 0x04;
        byte[] notOnCurve = new byte[33];
        notOnCurve[0] = 0x02;
        java.util.Arrays.fill(notOnCurve, 1, 33, (byte) 0xff);
        assertEquals(false, EcVrf.isValidPublicKey(wrongPrefix));
        assertEquals(false, EcVrf.isValidPublicKey(notOnCurve));
        assertEquals(false, EcVrf.isValidPublicKey(new byte[32]));
        assertEquals(false, EcVrf.isValidPublicKey(null));
    }
}
