package io.veritas.consensus.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.consensus.signing.Secp256k1Signer;
import io.veritas.consensus.validator.ValidatorAddress;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class Secp256k1VoteVerifierTest {

    private static final BlockId ID = BlockId.fromHex("42".repeat(32));
    private final KeyPair key = KeyPair.fromSecret(Bytes32.fromHexString("0x" + "11".repeat(32)));
    private final KeyPair other = KeyPair.fromSecret(Bytes32.fromHexString("0x" + "22".repeat(32)));
    private final Secp256k1Signer signer = new Secp256k1Signer(key);
    private final Secp256k1VoteVerifier verifier = new Secp256k1VoteVerifier();
    private final byte[] signBytes = SignBytes.vote(7358, VoteType.PRECOMMIT, 5, 1, ID);

    @Test
    void signerAddressIsTheKeysEthereumAddress() {
        assertArrayEquals(key.address().bytes().toArray(), signer.address().bytes());
    }

    @Test
    void acceptsOwnSignatureOfTheSignBytes() {
        byte[] signature = signer.sign(signBytes);
        assertEquals(65, signature.length);
        assertTrue(verifier.verify(signer.address(), signBytes, signature));
    }

    @Test
    void rejectsOtherSignerOtherBytesAndMalformedSignatures() {
        byte[] signature = signer.sign(signBytes);
        ValidatorAddress otherAddress = new Secp256k1Signer(other).address();
        assertFalse(verifier.verify(otherAddress, signBytes, signature));
        assertFalse(verifier.verify(signer.address(), SignBytes.vote(7357, VoteType.PRECOMMIT, 5, 1, ID), signature));
        assertFalse(verifier.verify(signer.address(), signBytes, new byte[65]));
        assertFalse(verifier.verify(signer.address(), signBytes, new byte[8]));
        byte[] badRecovery = signature.clone();
        badRecovery[64] = 7;
        assertFalse(verifier.verify(signer.address(), signBytes, badRecovery));
        byte[] allOnes = new byte[65];
        java.util.Arrays.fill(allOnes, 0, 64, (byte) 0xff);
        assertFalse(verifier.verify(signer.address(), signBytes, allOnes));
    }
}
