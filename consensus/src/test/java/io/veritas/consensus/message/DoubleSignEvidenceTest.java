package io.veritas.consensus.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.consensus.validator.ValidatorAddress;
import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;

class DoubleSignEvidenceTest {
    private static final ValidatorAddress VALIDATOR = ValidatorAddress.fromHex("0x00000000000000000000000000000000000000aa");
    private static final BlockId X = BlockId.of(filled(0x11));

    private static byte[] filled(int b) {
        byte[] out = new byte[32];
        Arrays.fill(out, (byte) b);
        return out;
    }

    private static Vote vote(BlockId id, int sig) {
        return new Vote(VoteType.PRECOMMIT, 5, 1, id, VALIDATOR, new byte[] {(byte) sig, 2, 3});
    }

    @Test
    void encodingIsTheDocumentedRlpAndRoundTrips() {
        DoubleSignEvidence evidence = new DoubleSignEvidence(vote(X, 9), vote(BlockId.NIL, 7));
        String voteNil = "dd" + "02" + "05" + "01" + "80" + "94" + "00".repeat(19) + "aa" + "83070203";
        String voteX = "f83d" + "02" + "05" + "01" + "a0" + "11".repeat(32) + "94" + "00".repeat(19) + "aa" + "83090203";
        assertEquals(Bytes.fromHexString("0xf85d" + voteNil + voteX), evidence.encoded(), "nil sorts first");
        assertEquals(evidence, DoubleSignEvidence.decode(evidence.encoded()));
        assertEquals(io.veritas.chain.crypto.Keccak256.hash(evidence.encoded()), evidence.hash());
    }

    @Test
    void decodeRejectsVotesOutOfCanonicalOrderAndNonEvidence() {
        DoubleSignEvidence evidence = new DoubleSignEvidence(vote(X, 9), vote(BlockId.NIL, 7));
        Bytes items = evidence.encoded().slice(2); // after the outer list header f85d
        Bytes nilVote = items.slice(0, 30);
        Bytes xVote = items.slice(30, 63);
        Bytes swapped = RLP.encodeList(w -> {
            w.writeRLP(xVote);
            w.writeRLP(nilVote);
        });
        InvalidRlpException e = assertThrows(InvalidRlpException.class, () -> DoubleSignEvidence.decode(swapped));
        assertEquals("evidence is not in canonical form: its votes must be ordered by block id", e.getMessage());

        Bytes same = RLP.encodeList(w -> {
            w.writeRLP(xVote);
            w.writeRLP(xVote);
        });
        InvalidRlpException notEvidence = assertThrows(InvalidRlpException.class, () -> DoubleSignEvidence.decode(same));
        assertEquals("evidence: not double-sign evidence: both votes are for " + X, notEvidence.getMessage());
        InvalidRlpException big = assertThrows(InvalidRlpException.class, () -> DoubleSignEvidence.decode(Bytes.wrap(new byte[1025])));
        assertEquals("evidence is 1025 bytes, limit 1024", big.getMessage());
    }
}
