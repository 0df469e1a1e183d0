package io.veritas.consensus.signing;

import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.validator.ValidatorAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only path from the engine to the validator key (CometBFT's PrivValidator rule): it never signs two different
 * messages for one (height, round, step), never signs for a (height, round, step) before the last one signed, and
 * persists each signature in the {@link VoteRecordStore} before releasing it. Re-signing the same content returns
 * the recorded signature (so a restarted node can re-broadcast).
 *
 * <p>It refuses all signing ("halted") when the store was unreadable or corrupt at open, when a write fails, or
 * when the engine reports a vote signed with this key that this guard never made (a second node running the same
 * key). Halting is permanent for this instance: an operator must restart after fixing the cause.
 */
public final class SignedVoteGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SignedVoteGuard.class);

    private final Signer signer;
    private final VoteRecordStore store;
    private final long chainId;
    private final List<SignatureRecord> records = new ArrayList<>();
    private String haltReason;

    public SignedVoteGuard(Signer signer, VoteRecordStore store, long chainId) {
        this.signer = signer;
        this.store = store;
        this.chainId = chainId;
        try {
            List<SignatureRecord> loaded = new ArrayList<>(store.load());
            loaded.sort(SignatureRecord.HRS_ORDER);
            if (!loaded.isEmpty()) {
                long top = loaded.getLast().height();
                loaded.removeIf(r -> r.height() != top);
            }
            records.addAll(loaded);
        } catch (VoteRecordStoreException e) {
            halt("vote record store unreadable (" + e.getMessage() + "); refusing to sign until the record store is "
                    + "repaired or the node has re-synced past the damaged records");
        }
    }

    public ValidatorAddress address() {
        return signer.address();
    }

    public long chainId() {
        return chainId;
    }

    /** Why signing is halted, if it is. */
    public Optional<String> haltReason() {
        return Optional.ofNullable(haltReason);
    }

    /** Stops all further signing, with a reason for the operator. */
    public void halt(String reason) {
        if (haltReason == null) {
            haltReason = reason;
            LOG.error("signing halted for validator {}: {}", signer.address(), reason);
        }
    }

    /** The last signature made (highest height/round/step), if any. */
    public Optional<SignatureRecord> lastRecord() {
        return records.isEmpty() ? Optional.empty() : Optional.of(records.getLast());
    }

    /** Own signatures at {@code height}, in signing order (used to restore lock and round after a restart). */
    public List<SignatureRecord> recordsAt(long height) {
        return records.stream().filter(r -> r.height() == height).toList();
    }

    /**
     * Whether {@code vote}, carrying this validator's address, proves that another signer holds this key: true when
     * the guard has every record for the vote's height (the height of its last record or later) and none of them
     * is this vote. Votes of earlier heights (records pruned) are never treated as proof.
     */
    public boolean isForeignSignature(Vote vote) {
        if (records.isEmpty()) {
            return true; // nothing signed since the store began: any vote of ours is someone else's
        }
        long top = records.getLast().height();
        if (vote.height() < top) {
            return false;
        }
        SigningStep step = stepOf(vote.type());
        for (SignatureRecord r : records) {
            if (r.height() == vote.height() && r.round() == vote.round() && r.step() == step) {
                return !(r.blockId().equals(vote.blockId()) && Arrays.equals(r.signature(), vote.signature()));
            }
        }
        return true;
    }

    /** As {@link #isForeignSignature(Vote)}, for a proposal carrying this validator's address. */
    public boolean isForeignSignature(Proposal proposal) {
        if (records.isEmpty()) {
            return true;
        }
        if (proposal.height() < records.getLast().height()) {
            return false;
        }
        for (SignatureRecord r : records) {
            if (r.height() == proposal.height() && r.round() == proposal.round() && r.step() == SigningStep.PROPOSE) {
                return !(r.blockId().equals(proposal.blockId()) && r.validRound() == proposal.validRound()
                        && Arrays.equals(r.signature(), proposal.signature()));
            }
        }
        return true;
    }

    public Vote signVote(VoteType type, long height, int round, BlockId blockId) throws SigningRefusedException {
        return signVote(type, height, round, blockId, List.of());
    }

    /** Signs a vote; a precommit for a block is recorded together with the prevotes that justify the lock. */
    public Vote signVote(VoteType type, long height, int round, BlockId blockId, List<Vote> proofOfLock)
            throws SigningRefusedException {
        SignatureRecord r = sign(height, round, stepOf(type), blockId, -1, proofOfLock,
                SignBytes.vote(chainId, type, height, round, blockId));
        return new Vote(type, height, round, blockId, signer.address(), r.signature());
    }

    public Proposal signProposal(long height, int round, BlockId blockId, int validRound)
            throws SigningRefusedException {
        SignatureRecord r = sign(height, round, SigningStep.PROPOSE, blockId, validRound, List.of(),
                SignBytes.proposal(chainId, height, round, blockId, validRound));
        return new Proposal(height, round, blockId, validRound, signer.address(), r.signature());
    }

    public static SigningStep stepOf(VoteType type) {
        return type == VoteType.PREVOTE ? SigningStep.PREVOTE : SigningStep.PRECOMMIT;
    }

    private SignatureRecord sign(long height, int round, SigningStep step, BlockId blockId, int validRound,
            List<Vote> proofOfLock, byte[] signBytes) throws SigningRefusedException {
        if (haltReason != null) {
            throw new SigningRefusedException("signing halted: " + haltReason);
        }
        if (!records.isEmpty()) {
            SignatureRecord last = records.getLast();
            int c = last.compareHrs(height, round, step);
            if (c > 0) {
                throw new SigningRefusedException("refusing to sign " + step + " at height " + height + " round "
                        + round + ": already signed " + last.step() + " at height " + last.height() + " round "
                        + last.round() + " (height/round/step regression)");
            }
            if (c == 0) {
                if (last.blockId().equals(blockId) && last.validRound() == validRound) {
                    return last; // same content: hand back the recorded signature
                }
                throw new SigningRefusedException("refusing to sign " + step + " for " + blockId.shortString()
                        + " at height " + height + " round " + round + ": already signed "
                        + last.blockId().shortString() + " there (double sign)");
            }
        }
        SignatureRecord record = new SignatureRecord(height, round, step, blockId, validRound, signer.sign(signBytes),
                proofOfLock);
        try {
            store.append(record);
        } catch (VoteRecordStoreException e) {
            halt("cannot persist own signature at height " + height + " round " + round + " " + step + ": "
                    + e.getMessage());
            throw new SigningRefusedException("signing halted: " + haltReason);
        }
        if (!records.isEmpty() && records.getLast().height() < height) {
            records.clear();
        }
        records.add(record);
        return record;
    }
}
