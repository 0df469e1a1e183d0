package io.veritas.consensus.engine;

import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The votes of one (height, round, type), accounted by voting power in O(1) per vote.
 *
 * <p>Each validator counts once in the "any" total (its first vote) and once in the tally of every block id it
 * signed a vote for. A validator that signs two different votes is an equivocator: its second vote is kept (it is
 * the evidence) and counted for its block too — the paper's "2f+1 ⟨PREVOTE, h, r, id(v)⟩" counts distinct
 * senders of that message, and a byzantine sender of two messages is a sender of each (safety still holds, since
 * two quorums intersect in more than 1/3 of the power, which is more than the byzantine power). Counting it matters
 * for liveness: a node that first heard an equivocator's other vote must still recognise a proof-of-lock relayed to
 * it. A third different vote is dropped, which bounds memory at two votes per validator.
 */
final class VoteSet {

    enum AddResult {
        /** First vote of this validator: counted. */
        ADDED,
        /** Already have this exact vote content: ignored. */
        DUPLICATE,
        /** A second, different vote of this validator: counted for its block id; it is double-sign evidence. */
        CONFLICT,
        /** A third different vote of this validator: dropped. */
        DROPPED
    }

    private static final class Tally {
        final BitSet voters = new BitSet();
        long power;
    }

    private final ValidatorSet validators;
    private final Vote[] first;
    private final Vote[] second;
    private final Map<BlockId, Tally> tallies = new HashMap<>(4);
    private long distinctPower;
    private BlockId quorumBlock;

    VoteSet(ValidatorSet validators) {
        this.validators = validators;
        this.first = new Vote[validators.size()];
        this.second = new Vote[validators.size()];
    }

    /** The validator's first vote, or null. */
    Vote get(int index) {
        return first[index];
    }

    /** The validator's conflicting second vote, or null. */
    Vote conflicting(int index) {
        return second[index];
    }

    boolean contains(int index, Vote vote) {
        return vote.equals(first[index]) || vote.equals(second[index]);
    }

    AddResult add(int index, Vote vote) {
        Vote existing = first[index];
        if (existing == null) {
            first[index] = vote;
            distinctPower += validators.votingPower(index);
            count(index, vote.blockId());
            return AddResult.ADDED;
        }
        if (existing.blockId().equals(vote.blockId())) {
            return AddResult.DUPLICATE;
        }
        if (second[index] != null) {
            return second[index].blockId().equals(vote.blockId()) ? AddResult.DUPLICATE : AddResult.DROPPED;
        }
        second[index] = vote;
        count(index, vote.blockId());
        return AddResult.CONFLICT;
    }

    private void count(int index, BlockId blockId) {
        Tally tally = tallies.computeIfAbsent(blockId, k -> new Tally());
        tally.voters.set(index);
        tally.power += validators.votingPower(index);
        if (quorumBlock == null && validators.isQuorum(tally.power)) {
            quorumBlock = blockId;
        }
    }

    /** Power of the validators that voted for {@code blockId} (nil included). */
    long power(BlockId blockId) {
        Tally t = tallies.get(blockId);
        return t == null ? 0 : t.power;
    }

    /** The paper's "2f + 1 ⟨·, h, r, ∗⟩": more than 2/3 of the power voted, for anything. */
    boolean hasQuorumAny() {
        return validators.isQuorum(distinctPower);
    }

    /** The first block id (or nil) to get more than 2/3 of the power, or null. */
    BlockId quorumBlock() {
        return quorumBlock;
    }

    /** The votes for {@code blockId}, one per validator, in validator order. */
    List<Vote> votesFor(BlockId blockId) {
        List<Vote> out = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            if (first[i] != null && first[i].blockId().equals(blockId)) {
                out.add(first[i]);
            } else if (second[i] != null && second[i].blockId().equals(blockId)) {
                out.add(second[i]);
            }
        }
        return out;
    }

    /** Every vote held (first and conflicting), in validator order. */
    List<Vote> all() {
        List<Vote> out = new ArrayList<>();
        for (int i = 0; i < first.length; i++) {
            if (first[i] != null) {
                out.add(first[i]);
            }
            if (second[i] != null) {
                out.add(second[i]);
            }
        }
        return out;
    }
}
