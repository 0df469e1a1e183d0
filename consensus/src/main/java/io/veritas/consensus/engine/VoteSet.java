package io.veritas.consensus.engine;

import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The votes of one (height, round, type), accounted by voting power in O(1) per vote: one slot per validator index,
 * power per block id, total power, and the first block id (possibly nil) to pass 2/3. A second, different vote of a
 * validator is not counted: it is reported as a conflict (double sign).
 */
final class VoteSet {

    enum AddResult {
        ADDED,
        DUPLICATE,
        CONFLICT
    }

    private final ValidatorSet validators;
    private final Vote[] votes;
    private final Map<BlockId, Long> powerByBlock = new HashMap<>(4);
    private long totalPower;
    private BlockId quorumBlock;

    VoteSet(ValidatorSet validators) {
        this.validators = validators;
        this.votes = new Vote[validators.size()];
    }

    Vote get(int index) {
        return votes[index];
    }

    AddResult add(int index, Vote vote) {
        Vote existing = votes[index];
        if (existing != null) {
            return existing.blockId().equals(vote.blockId()) ? AddResult.DUPLICATE : AddResult.CONFLICT;
        }
        votes[index] = vote;
        long power = validators.votingPower(index);
        totalPower += power;
        long forBlock = powerByBlock.merge(vote.blockId(), power, Long::sum);
        if (quorumBlock == null && validators.isQuorum(forBlock)) {
            quorumBlock = vote.blockId();
        }
        return AddResult.ADDED;
    }

    /** Power of the votes for {@code blockId} (nil included). */
    long power(BlockId blockId) {
        return powerByBlock.getOrDefault(blockId, 0L);
    }

    /** The paper's "2f + 1 ⟨·, h, r, ∗⟩": more than 2/3 of the power voted, for anything. */
    boolean hasQuorumAny() {
        return validators.isQuorum(totalPower);
    }

    /** The block id (or nil) that has more than 2/3 of the power, or null. At most one can (power > 2/3 each). */
    BlockId quorumBlock() {
        return quorumBlock;
    }

    List<Vote> votesFor(BlockId blockId) {
        List<Vote> out = new ArrayList<>();
        for (Vote v : votes) {
            if (v != null && v.blockId().equals(blockId)) {
                out.add(v);
            }
        }
        return out;
    }
}
