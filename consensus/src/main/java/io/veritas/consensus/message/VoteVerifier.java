package io.veritas.consensus.message;

import io.veritas.consensus.validator.ValidatorAddress;

/**
 * Checks that {@code signature} over {@code signBytes} was made by the key of {@code signer}. Implemented by the
 * node with secp256k1 (recover the public key, compare its address); must be thread-safe and must return false —
 * never throw — for malformed signatures.
 */
@FunctionalInterface
public interface VoteVerifier {

    boolean verify(ValidatorAddress signer, byte[] signBytes, byte[] signature);
}
