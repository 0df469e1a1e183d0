package io.veritas.consensus.service;

import io.veritas.chain.block.Block;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.Vote;
import java.util.Objects;

/** What validators gossip: a signed proposal with the full block it names, or a signed vote. */
public sealed interface ConsensusMessage {

    long height();

    /** A proposal and its block, so a validator can validate the block without asking for it. */
    record ProposalMessage(Proposal proposal, Block block) implements ConsensusMessage {
        public ProposalMessage {
            Objects.requireNonNull(proposal, "proposal");
            Objects.requireNonNull(block, "block");
        }

        @Override
        public long height() {
            return proposal.height();
        }
    }

    record VoteMessage(Vote vote) implements ConsensusMessage {
        public VoteMessage {
            Objects.requireNonNull(vote, "vote");
        }

        @Override
        public long height() {
            return vote.height();
        }
    }
}
