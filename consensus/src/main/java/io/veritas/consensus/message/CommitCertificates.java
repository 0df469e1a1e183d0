package io.veritas.consensus.message;

import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.block.CommitSignature;
import io.veritas.chain.crypto.InvalidSignatureException;
import io.veritas.chain.crypto.Signature;
import io.veritas.chain.types.Address;
import io.veritas.consensus.validator.ValidatorAddress;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The engine's view of the chain's {@link CommitCertificate} (the +2/3 precommits that finalized a block, carried in
 * the next block so a syncing node can check finality): built from the engine's precommits, turned back into votes,
 * and verified against a validator set. One certificate type serves the engine, the block and the sync path.
 */
public final class CommitCertificates {

    private CommitCertificates() {}

    /**
     * The certificate for {@code blockId} at ({@code height}, {@code round}) made of {@code precommits}.
     *
     * @throws IllegalArgumentException for a nil block, a precommit for something else, a validator twice, or a
     *                                  signature that is not a 65-byte recoverable secp256k1 signature
     */
    public static CommitCertificate of(long height, int round, BlockId blockId, List<Vote> precommits) {
        Objects.requireNonNull(blockId, "blockId");
        if (blockId.isNil()) {
            throw new IllegalArgumentException("a commit certificate cannot be for nil (height " + height + ")");
        }
        List<CommitSignature> signatures = new ArrayList<>(precommits.size());
        for (Vote v : precommits) {
            if (v.type() != VoteType.PRECOMMIT || v.height() != height || v.round() != round
                    || !v.blockId().equals(blockId)) {
                throw new IllegalArgumentException("commit for height " + height + " round " + round + " block "
                        + blockId.shortString() + " cannot hold the foreign vote " + v);
            }
            Signature signature;
            try {
                signature = Signature.fromBytes(Bytes.wrap(v.signature()));
            } catch (InvalidSignatureException e) {
                throw new IllegalArgumentException("precommit of " + v.validator() + " at height " + height
                        + " has no recoverable secp256k1 signature: " + e.getMessage(), e);
            }
            signatures.add(new CommitSignature(address(v.validator()), signature));
        }
        return new CommitCertificate(height, round, Bytes32.wrap(blockId.hash()), signatures);
    }

    /** The certificate's signatures as the precommit votes they are. */
    public static List<Vote> precommits(CommitCertificate certificate) {
        BlockId blockId = BlockId.of(certificate.blockHash().toArrayUnsafe());
        List<Vote> votes = new ArrayList<>(certificate.signatures().size());
        for (CommitSignature s : certificate.signatures()) {
            votes.add(new Vote(VoteType.PRECOMMIT, certificate.height(), certificate.round(), blockId,
                    validator(s.validator()), s.signature().toBytes().toArrayUnsafe()));
        }
        return votes;
    }

    /**
     * Checks every precommit (membership, no duplicates, signature over the chain's vote sign-bytes) and that their
     * power is more than 2/3 of {@code validators}' total. Throws with the first problem found.
     */
    public static void verify(CommitCertificate certificate, ValidatorSet validators, long chainId,
            VoteVerifier verifier) throws InvalidCommitCertificateException {
        long height = certificate.height();
        if (certificate.isEmpty()) {
            throw new InvalidCommitCertificateException("commit for height " + height + " has no precommits");
        }
        BitSet seen = new BitSet(validators.size());
        long power = 0;
        for (Vote v : precommits(certificate)) {
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

    public static Address address(ValidatorAddress validator) {
        return new Address(Bytes.wrap(validator.bytes()));
    }

    public static ValidatorAddress validator(Address address) {
        return new ValidatorAddress(address.bytes().toArray());
    }
}
