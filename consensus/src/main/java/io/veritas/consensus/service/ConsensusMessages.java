package io.veritas.consensus.service;

import io.veritas.chain.block.Block;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.service.ConsensusMessage.ProposalMessage;
import io.veritas.consensus.service.ConsensusMessage.VoteMessage;
import io.veritas.consensus.validator.ValidatorAddress;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;

/**
 * Wire form of {@link ConsensusMessage}s (RLP):
 * <pre>
 * vote:     [type (1 prevote, 2 precommit), height, round, blockId (empty = nil), validator (20), signature, nonce]
 * proposal: [height, round, blockId, validRound + 1, proposer (20), signature, RLP(block), nonce]
 * </pre>
 * {@code nonce} is not signed: it makes a periodic re-broadcast of the same signed message a new gossip message
 * (content-addressed gossip would drop an identical one as already seen). Votes and proposals go on different topics,
 * so the form itself needs no type tag.
 */
public final class ConsensusMessages {

    /** A vote is about 140 bytes; anything much larger is not a vote. */
    public static final int MAX_VOTE_BYTES = 512;

    private ConsensusMessages() {}

    public static Bytes encodeVote(Vote v, long nonce) {
        return RLP.encodeList(w -> {
            w.writeInt(v.type().code());
            w.writeLong(v.height());
            w.writeInt(v.round());
            w.writeValue(Bytes.wrap(v.blockId().hash()));
            w.writeValue(Bytes.wrap(v.validator().bytes()));
            w.writeValue(Bytes.wrap(v.signature()));
            w.writeLong(nonce);
        });
    }

    /** @throws InvalidRlpException if the bytes are not a well-formed vote */
    public static VoteMessage decodeVote(Bytes bytes) {
        if (bytes.size() > MAX_VOTE_BYTES) {
            throw new InvalidRlpException("vote message is " + bytes.size() + " bytes, limit " + MAX_VOTE_BYTES);
        }
        return Rlp.decodeList(bytes, "vote", r -> {
            int code = Rlp.readInt(r, "vote type");
            VoteType type = switch (code) {
                case 1 -> VoteType.PREVOTE;
                case 2 -> VoteType.PRECOMMIT;
                default -> throw new InvalidRlpException("vote type must be 1 or 2, got " + code);
            };
            long height = Rlp.readLong(r, "vote height");
            int round = Rlp.readInt(r, "vote round");
            BlockId blockId = blockId(r, "vote blockId", true);
            ValidatorAddress validator = validator(r, "vote validator");
            byte[] signature = Rlp.readBytes(r, "vote signature").toArray();
            Rlp.readLong(r, "vote nonce");
            try {
                return new VoteMessage(new Vote(type, height, round, blockId, validator, signature));
            } catch (IllegalArgumentException e) {
                throw new InvalidRlpException("vote: " + e.getMessage(), e);
            }
        });
    }

    public static Bytes encodeProposal(ProposalMessage m, long nonce) {
        Proposal p = m.proposal();
        return RLP.encodeList(w -> writeProposal(w, p, m.block(), nonce));
    }

    private static void writeProposal(RLPWriter w, Proposal p, Block block, long nonce) {
        w.writeLong(p.height());
        w.writeInt(p.round());
        w.writeValue(Bytes.wrap(p.blockId().hash()));
        w.writeInt(p.validRound() + 1);
        w.writeValue(Bytes.wrap(p.proposer().bytes()));
        w.writeValue(Bytes.wrap(p.signature()));
        w.writeValue(block.encoded());
        w.writeLong(nonce);
    }

    /** @throws InvalidRlpException if the bytes are not a well-formed proposal with a block */
    public static ProposalMessage decodeProposal(Bytes bytes, int maxBytes) {
        if (bytes.size() > maxBytes) {
            throw new InvalidRlpException("proposal message is " + bytes.size() + " bytes, limit " + maxBytes);
        }
        return Rlp.decodeList(bytes, "proposal", ConsensusMessages::readProposal);
    }

    private static ProposalMessage readProposal(RLPReader r) {
        long height = Rlp.readLong(r, "proposal height");
        int round = Rlp.readInt(r, "proposal round");
        BlockId blockId = blockId(r, "proposal blockId", false);
        int validRound = Rlp.readInt(r, "proposal validRound") - 1;
        ValidatorAddress proposer = validator(r, "proposal proposer");
        byte[] signature = Rlp.readBytes(r, "proposal signature").toArray();
        Block block = Block.decode(Rlp.readBytes(r, "proposal block"));
        Rlp.readLong(r, "proposal nonce");
        try {
            return new ProposalMessage(new Proposal(height, round, blockId, validRound, proposer, signature), block);
        } catch (IllegalArgumentException e) {
            throw new InvalidRlpException("proposal: " + e.getMessage(), e);
        }
    }

    private static BlockId blockId(RLPReader r, String field, boolean nilAllowed) {
        Bytes hash = Rlp.readBytes(r, field);
        if (hash.isEmpty() && nilAllowed) {
            return BlockId.NIL;
        }
        if (hash.size() != BlockId.LENGTH) {
            throw new InvalidRlpException(field + " must be " + BlockId.LENGTH + " bytes, got " + hash.size());
        }
        return BlockId.of(hash.toArray());
    }

    private static ValidatorAddress validator(RLPReader r, String field) {
        return new ValidatorAddress(Rlp.readFixed(r, field, ValidatorAddress.LENGTH).toArray());
    }
}
