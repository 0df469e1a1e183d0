package io.veritas.consensus.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignBytesTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final BlockId ID = BlockId.fromHex("11".repeat(32));

    @Test
    void voteEncodingIsDomainChainTypeHeightRoundBlock() {
        assertEquals(HEX.formatHex("veritas-vote-v1".getBytes()) + "0000000000001cbd" + "02" + "0000000000000005"
                + "00000003" + "01" + "11".repeat(32),
                HEX.formatHex(SignBytes.vote(7357, VoteType.PRECOMMIT, 5, 3, ID)));
        assertEquals(HEX.formatHex("veritas-vote-v1".getBytes()) + "0000000000001cbd" + "01" + "0000000000000005"
                + "00000003" + "00", HEX.formatHex(SignBytes.vote(7357, VoteType.PREVOTE, 5, 3, BlockId.NIL)));
    }

    @Test
    void proposalEncodingCarriesValidRound() {
        assertEquals(HEX.formatHex("veritas-proposal-v1".getBytes()) + "0000000000001cbe" + "0000000000000005"
                + "00000003" + "ffffffff" + "01" + "11".repeat(32),
                HEX.formatHex(SignBytes.proposal(7358, 5, 3, ID, -1)));
    }

    @Test
    void proposalsRejectNilAndBadValidRound() {
        byte[] addr = new byte[20];
        io.veritas.consensus.validator.ValidatorAddress a = new io.veritas.consensus.validator.ValidatorAddress(addr);
        assertThrows(IllegalArgumentException.class, () -> new Proposal(1, 0, BlockId.NIL, -1, a, new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> new Proposal(1, 2, ID, 2, a, new byte[8]));
        assertThrows(IllegalArgumentException.class, () -> new Vote(VoteType.PREVOTE, 1, 0, ID, a, new byte[129]));
    }
}
