package io.veritas.consensus.engine;

import io.veritas.consensus.message.BlockId;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.Vote;
import java.time.Duration;
import java.util.Objects;

/** What the engine asks its driver to do; every engine call returns these, in order. */
public sealed interface ConsensusAction {

    /** Gossip our proposal (the block itself is gossiped by the driver). Already persisted by the guard. */
    record BroadcastProposal(Proposal proposal) implements ConsensusAction {
        public BroadcastProposal {
            Objects.requireNonNull(proposal, "proposal");
        }
    }

    /** Gossip our vote. Already persisted by the guard. */
    record BroadcastVote(Vote vote) implements ConsensusAction {
        public BroadcastVote {
            Objects.requireNonNull(vote, "vote");
        }
    }

    /** Call {@code onTimeout(kind, height, round)} after {@code duration}. */
    record ScheduleTimeout(TimeoutKind kind, long height, int round, Duration duration) implements ConsensusAction {
        public ScheduleTimeout {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Obtain block {@code blockId} (from gossip or a peer), validate it on top of the parent, answer with
     *  {@code onBlockValidated(height, blockId, valid)}. */
    record RequestValidation(long height, BlockId blockId) implements ConsensusAction {
        public RequestValidation {
            Objects.requireNonNull(blockId, "blockId");
        }
    }

    /** We are the proposer with no valid value: build a block and answer with {@code onProposalBlock}
     *  (the paper's getValue(), line 18). */
    record RequestProposalBlock(long height, int round) implements ConsensusAction {}

    /** Height decided (line 51): commit the block, then call {@code startHeight(height + 1, ...)}. */
    record Decide(long height, int round, BlockId blockId, CommitCertificate commitCertificate)
            implements ConsensusAction {
        public Decide {
            Objects.requireNonNull(blockId, "blockId");
            Objects.requireNonNull(commitCertificate, "commitCertificate");
        }
    }

    /** A validator signed two different votes for one height/round/type: gossip and include in a block. */
    record Evidence(DoubleSignEvidence evidence) implements ConsensusAction {
        public Evidence {
            Objects.requireNonNull(evidence, "evidence");
        }
    }

    /** The guard refused to sign (double-sign risk or unusable record store); the node continues as an observer
     *  for this message. Surface it to the operator. */
    record SigningRefused(long height, int round, String reason) implements ConsensusAction {
        public SigningRefused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
