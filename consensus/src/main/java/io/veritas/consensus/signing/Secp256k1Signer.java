package io.veritas.consensus.signing;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.validator.ValidatorAddress;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * A validator's secp256k1 key as a consensus {@link Signer}: a 65-byte recoverable signature (r ‖ s ‖ recovery id)
 * over keccak256(signBytes). The sign-bytes are domain-separated, so this key's consensus signatures never pass as
 * transaction signatures.
 */
public final class Secp256k1Signer implements Signer {

    private final KeyPair key;
    private final ValidatorAddress address;

    public Secp256k1Signer(KeyPair key) {
        this.key = Objects.requireNonNull(key, "key");
        this.address = CommitCertificates.validator(key.address());
    }

    @Override
    public ValidatorAddress address() {
        return address;
    }

    @Override
    public byte[] sign(byte[] signBytes) {
        return io.veritas.chain.crypto.Secp256k1Signer.sign(Keccak256.hash(Bytes.wrap(signBytes)), key).toBytes().toArray();
    }
}
