package io.veritas.consensus.message;

import io.veritas.consensus.validator.ValidatorAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * A signed ⟨PROPOSAL, height, round, v, validRound⟩. The block itself travels separately (block gossip); the
 * proposal names it by id. {@code validRound} is −1 or a round below {@code round} (the paper's {@code vr}).
 */
public record Proposal(long height, int round, BlockId blockId, int validRound, ValidatorAddress proposer,
        byte[] signature) {

    public Proposal {
        Objects.requireNonNull(blockId, "blockId");
        Objects.requireNonNull(proposer, "proposer");
        Objects.requireNonNull(signature, "signature");
        if (height < 0 || round < 0) {
            throw new IllegalArgumentException("proposal height and round must be non-negative, got height "
                    + height + " round " + round);
        }
        if (blockId.isNil()) {
            throw new IllegalArgumentException("a proposal must name a block, not nil (height " + height + " round "
                    + round + ")");
        }
        if (validRound < -1 || validRound >= round) {
            throw new IllegalArgumentException("proposal valid round must be -1 or below round " + round + ", got "
                    + validRound);
        }
        if (signature.length > Vote.MAX_SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("proposal signature is " + signature.length + " bytes, limit "
                    + Vote.MAX_SIGNATURE_LENGTH);
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public byte[] signBytes(long chainId) {
        return SignBytes.proposal(chainId, height, round, blockId, validRound);
    }

    public boolean sameContent(Proposal o) {
        return height == o.height && round == o.round && blockId.equals(o.blockId) && validRound == o.validRound
                && proposer.equals(o.proposer);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Proposal p && sameContent(p) && Arrays.equals(signature, p.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(height, round, blockId, validRound, proposer, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "Proposal[h=" + height + " r=" + round + " " + blockId.shortString() + " vr=" + validRound + " by "
                + proposer + "]";
    }
}
