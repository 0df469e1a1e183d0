package io.veritas.consensus.message;

import io.veritas.consensus.validator.ValidatorAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A signed ⟨PREVOTE|PRECOMMIT, height, round, id(v) or nil⟩ of one validator. */
public record Vote(VoteType type, long height, int round, BlockId blockId, ValidatorAddress validator,
        byte[] signature) {

    /** Upper bound on a signature's size (a secp256k1 recoverable signature is 65 bytes). */
    public static final int MAX_SIGNATURE_LENGTH = 128;

    public Vote {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(blockId, "blockId");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(signature, "signature");
        if (height < 0 || round < 0) {
            throw new IllegalArgumentException("vote height and round must be non-negative, got height " + height
                    + " round " + round);
        }
        if (signature.length > MAX_SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("vote signature is " + signature.length + " bytes, limit "
                    + MAX_SIGNATURE_LENGTH);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The bytes the validator signs for this vote under {@code chainId}. */
    public byte[] signBytes(long chainId) {
        return SignBytes.vote(chainId, type, height, round, blockId);
    }

    /** Same vote content (type, height, round, block id, validator), ignoring the signature. */
    public boolean sameContent(Vote o) {
        return type == o.type && height == o.height && round == o.round && blockId.equals(o.blockId)
                && validator.equals(o.validator);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vote v && sameContent(v) && Arrays.equals(signature, v.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, height, round, blockId, validator, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "Vote[" + type + " h=" + height + " r=" + round + " " + blockId.shortString() + " by " + validator
                + " sig=" + HexFormat.of().formatHex(signature, 0, Math.min(4, signature.length)) + "]";
    }
}
