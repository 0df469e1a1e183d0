package io.veritas.consensus.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * Proof that one validator signed two different votes for the same (height, round, type). Canonical: the two
 * votes are ordered by block-id encoding, so every node that sees the same pair builds an equal value.
 */
public record DoubleSignEvidence(Vote voteA, Vote voteB) {

    public DoubleSignEvidence {
        Objects.requireNonNull(voteA, "voteA");
        Objects.requireNonNull(voteB, "voteB");
        if (voteA.type() != voteB.type() || voteA.height() != voteB.height() || voteA.round() != voteB.round()
                || !voteA.validator().equals(voteB.validator())) {
            throw new IllegalArgumentException("not double-sign evidence: votes differ in type/height/round/validator: "
                    + voteA + " vs " + voteB);
        }
        if (voteA.blockId().equals(voteB.blockId())) {
            throw new IllegalArgumentException("not double-sign evidence: both votes are for " + voteA.blockId());
        }
        if (compare(voteA.blockId(), voteB.blockId()) > 0) {
            Vote t = voteA;
            voteA = voteB;
            voteB = t;
        }
    }

    private static int compare(BlockId a, BlockId b) {
        return Arrays.compareUnsigned(a.hash(), b.hash());
    }

    /** Both signatures check out under {@code chainId}: what a block validator must confirm before slashing. */
    public boolean verify(long chainId, VoteVerifier verifier) {
        return verifier.verify(voteA.validator(), voteA.signBytes(chainId), voteA.signature())
                && verifier.verify(voteB.validator(), voteB.signBytes(chainId), voteB.signature());
    }
}
