package io.veritas.consensus.message;

import io.veritas.consensus.validator.ValidatorSet;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The +2/3 precommits that finalized {@code blockId} at ({@code height}, {@code round}). Carried in the next block,
 * so a syncing node can check finality with {@link #verify}.
 */
public record CommitCertificate(long height, int round, BlockId blockId, List<Vote> precommits) {

    public CommitCertificate {
        Objects.requireNonNull(blockId, "blockId");
        if (blockId.isNil()) {
            throw new IllegalArgumentException("a commit certificate cannot be for nil (height " + height + ")");
        }
        precommits = List.copyOf(precommits);
    }

    /**
     * Checks every precommit (type, height, round, block id, membership, no duplicates, signature) and that their
     * power is more than 2/3 of {@code validators}' total. Throws with the first problem found.
     */
    public void verify(ValidatorSet validators, long chainId, VoteVerifier verifier)
            throws InvalidCommitCertificateException {
        BitSet seen = new BitSet(validators.size());
        long power = 0;
        for (Vote v : precommits) {
            if (v.type() != VoteType.PRECOMMIT || v.height() != height || v.round() != round
                    || !v.blockId().equals(blockId)) {
                throw new InvalidCommitCertificateException("commit for height " + height + " round " + round
                        + " block " + blockId.shortString() + " contains a foreign vote " + v);
            }
            OptionalInt index = validators.indexOf(v.validator());
            if (index.isEmpty()) {
                throw new InvalidCommitCertificateException("commit for height " + height + " has a precommit from "
                        + v.validator() + ", who is not a validator");
            }
            if (seen.get(index.getAsInt())) {
                throw new InvalidCommitCertificateException("commit for height " + height + " has two precommits from "
                        + v.validator());
            }
            if (!verifier.verify(v.validator(), v.signBytes(chainId), v.signature())) {
                throw new InvalidCommitCertificateException("commit for height " + height
                        + " has a bad signature from " + v.validator());
            }
            seen.set(index.getAsInt());
            power += validators.votingPower(index.getAsInt());
        }
        if (!validators.isQuorum(power)) {
            throw new InvalidCommitCertificateException("commit for height " + height + " has " + power
                    + " voting power, needs more than 2/3 of " + validators.totalVotingPower());
        }
    }
}
