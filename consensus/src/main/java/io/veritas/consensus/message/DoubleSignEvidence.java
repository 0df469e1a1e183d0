package io.veritas.consensus.message;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import io.veritas.consensus.validator.ValidatorAddress;
import java.util.Arrays;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;

/**
 * Proof that one validator signed two different votes for the same (height, round, type). Canonical: the two
 * votes are ordered by block-id encoding, so every node that sees the same pair builds an equal value.
 *
 * <p>Canonical encoding (what the staking module's {@code slashDoubleSign(bytes)} takes and what {@link #hash()}
 * hashes): {@code RLP([voteA, voteB])}, each vote {@code [type (1 prevote | 2 precommit), height, round, blockId
 * (empty for nil | 32 bytes), validator (20 bytes), signature]}, integers minimal big-endian. {@link #decode} accepts
 * only this form (votes in canonical order, no trailing bytes), so one pair of votes has exactly one encoding and one
 * hash.
 */
public record DoubleSignEvidence(Vote voteA, Vote voteB) {

    /** Two votes with 65-byte signatures take about 270 bytes; more is not evidence. */
    public static final int MAX_ENCODED_BYTES = 1024;

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

    /** The validator that signed both votes. */
    public ValidatorAddress validator() {
        return voteA.validator();
    }

    /** The height both votes are for. */
    public long height() {
        return voteA.height();
    }

    /** Both signatures check out under {@code chainId}: what a block validator must confirm before slashing. */
    public boolean verify(long chainId, VoteVerifier verifier) {
        return verifier.verify(voteA.validator(), voteA.signBytes(chainId), voteA.signature())
                && verifier.verify(voteB.validator(), voteB.signBytes(chainId), voteB.signature());
    }

    /** The canonical RLP encoding (see the class comment). */
    public Bytes encoded() {
        return RLP.encodeList(w -> {
            w.writeList(v -> writeVote(v, voteA));
            w.writeList(v -> writeVote(v, voteB));
        });
    }

    /** keccak256 of the canonical encoding: the id under which the staking module records processed evidence. */
    public Bytes32 hash() {
        return Keccak256.hash(encoded());
    }

    /**
     * Decodes the canonical encoding.
     *
     * @throws InvalidRlpException when the bytes are oversized, malformed, not a double sign, or not canonical
     */
    public static DoubleSignEvidence decode(Bytes encoded) {
        if (encoded.size() > MAX_ENCODED_BYTES) {
            throw new InvalidRlpException("evidence is " + encoded.size() + " bytes, limit " + MAX_ENCODED_BYTES);
        }
        DoubleSignEvidence evidence = Rlp.decodeList(encoded, "evidence", r -> {
            Vote a = Rlp.readList(r, "evidence voteA", DoubleSignEvidence::readVote);
            Vote b = Rlp.readList(r, "evidence voteB", DoubleSignEvidence::readVote);
            try {
                return new DoubleSignEvidence(a, b);
            } catch (IllegalArgumentException e) {
                throw new InvalidRlpException("evidence: " + e.getMessage(), e);
            }
        });
        if (!evidence.encoded().equals(encoded)) {
            throw new InvalidRlpException("evidence is not in canonical form: its votes must be ordered by block id");
        }
        return evidence;
    }

    private static void writeVote(RLPWriter w, Vote v) {
        w.writeInt(v.type().code());
        w.writeLong(v.height());
        w.writeInt(v.round());
        w.writeValue(Bytes.wrap(v.blockId().hash()));
        w.writeValue(Bytes.wrap(v.validator().bytes()));
        w.writeValue(Bytes.wrap(v.signature()));
    }

    private static Vote readVote(RLPReader r) {
        int code = Rlp.readInt(r, "vote type");
        VoteType type = switch (code) {
            case 1 -> VoteType.PREVOTE;
            case 2 -> VoteType.PRECOMMIT;
            default -> throw new InvalidRlpException("vote type must be 1 or 2, got " + code);
        };
        long height = Rlp.readLong(r, "vote height");
        int round = Rlp.readInt(r, "vote round");
        Bytes hash = Rlp.readBytes(r, "vote blockId");
        if (!hash.isEmpty() && hash.size() != BlockId.LENGTH) {
            throw new InvalidRlpException("vote blockId must be empty (nil) or " + BlockId.LENGTH + " bytes, got " + hash.size());
        }
        BlockId blockId = hash.isEmpty() ? BlockId.NIL : BlockId.of(hash.toArray());
        ValidatorAddress validator = new ValidatorAddress(Rlp.readFixed(r, "vote validator", ValidatorAddress.LENGTH).toArray());
        byte[] signature = Rlp.readBytes(r, "vote signature").toArray();
        try {
            return new Vote(type, height, round, blockId, validator, signature);
        } catch (IllegalArgumentException e) {
            throw new InvalidRlpException("vote: " + e.getMessage(), e);
        }
    }
}
