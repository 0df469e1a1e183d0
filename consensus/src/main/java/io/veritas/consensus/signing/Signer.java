package io.veritas.consensus.signing;

import io.veritas.consensus.validator.ValidatorAddress;

/**
 * The validator's key: signs consensus sign-bytes. Implemented by the node with its secp256k1 key (a 65-byte
 * recoverable signature over keccak256(signBytes) fits {@link io.veritas.consensus.message.Vote#MAX_SIGNATURE_LENGTH}).
 * The engine never calls it directly: every signature goes through {@link SignedVoteGuard}.
 */
public interface Signer {

    ValidatorAddress address();

    byte[] sign(byte[] signBytes);
}
