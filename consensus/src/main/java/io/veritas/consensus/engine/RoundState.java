package io.veritas.consensus.engine;

import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.BitSet;

/** Everything received for one round of the current height, plus the "for the first time" flags of its rules. */
final class RoundState {

    final int round;
    final VoteSet prevotes;
    final VoteSet precommits;
    /** The first validly signed proposal from the round's proposer; later different ones are ignored. */
    Proposal proposal;
    /** Validators that sent anything in this round, and their power (rule 55). */
    final BitSet senders;
    long senderPower;
    /** Line 34 fired. */
    boolean prevoteTimeoutScheduled;
    /** Line 36 fired. */
    boolean polkaForValueHandled;
    /** Line 47 fired. */
    boolean precommitTimeoutScheduled;
    /** The precommit quorum of this round was noted for line 49. */
    boolean precommitQuorumNoted;

    RoundState(int round, ValidatorSet validators) {
        this.round = round;
        this.prevotes = new VoteSet(validators);
        this.precommits = new VoteSet(validators);
        this.senders = new BitSet(validators.size());
    }

    VoteSet votes(VoteType type) {
        return type == VoteType.PREVOTE ? prevotes : precommits;
    }
}
