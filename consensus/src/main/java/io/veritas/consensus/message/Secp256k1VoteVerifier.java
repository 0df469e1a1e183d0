package io.veritas.consensus.message;

import io.veritas.chain.crypto.InvalidSignatureException;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.crypto.Secp256k1Signer;
import io.veritas.chain.crypto.Signature;
import io.veritas.consensus.validator.ValidatorAddress;
import org.apache.tuweni.bytes.Bytes;

/**
 * Checks a consensus signature made by {@link io.veritas.consensus.signing.Secp256k1Signer}: recovers the key that
 * signed keccak256(signBytes) and compares its address with the claimed signer. Malformed signatures (wrong length,
 * r or s out of range, high s, no recoverable key) are false, never an exception. Stateless and thread-safe.
 */
public final class Secp256k1VoteVerifier implements VoteVerifier {

    @Override
    public boolean verify(ValidatorAddress signer, byte[] signBytes, byte[] signature) {
        if (signer == null || signBytes == null || signature == null || signature.length != Signature.SIZE) {
            return false;
        }
        try {
            Signature parsed = Signature.fromBytes(Bytes.wrap(signature));
            // EIP-2 low s: the other form (n - s) of the same signature would give a second valid encoding.
            if (!parsed.isLowS()) {
                return false;
            }
            return Secp256k1Signer.isSignedBy(Keccak256.hash(Bytes.wrap(signBytes)), parsed,
                    CommitCertificates.address(signer));
        } catch (InvalidSignatureException e) {
            return false;
        }
    }
}
