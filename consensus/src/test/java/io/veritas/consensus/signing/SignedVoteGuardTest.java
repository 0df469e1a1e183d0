package io.veritas.consensus.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.testing.TestKeys;
import io.veritas.consensus.validator.ValidatorAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedVoteGuardTest {

    private static final long CHAIN = 7357;
    private static final BlockId A = BlockId.fromHex("aa".repeat(32));
    private static final BlockId B = BlockId.fromHex("bb".repeat(32));

    private final Signer signer = new TestKeys().add(ValidatorAddress.fromHex("01".repeat(20)), 7);

    @Test
    void refusesSecondDifferentVoteForSameHeightRoundStep() throws Exception {
        SignedVoteGuard guard = new SignedVoteGuard(signer, new InMemoryVoteRecordStore(), CHAIN);
        guard.signVote(VoteType.PREVOTE, 3, 1, A);
        SigningRefusedException e = assertThrows(SigningRefusedException.class,
                () -> guard.signVote(VoteType.PREVOTE, 3, 1, B));
        assertTrue(e.getMessage().contains("double sign"), e.getMessage());
    }

    @Test
    void returnsRecordedSignatureForIdenticalRequest() throws Exception {
        SignedVoteGuard guard = new SignedVoteGuard(signer, new InMemoryVoteRecordStore(), CHAIN);
        Vote first = guard.signVote(VoteType.PRECOMMIT, 3, 1, A);
        Vote again = guard.signVote(VoteType.PRECOMMIT, 3, 1, A);
        assertArrayEquals(first.signature(), again.signature());
    }

    @Test
    void refusesHeightRoundStepRegression() throws Exception {
        SignedVoteGuard guard = new SignedVoteGuard(signer, new InMemoryVoteRecordStore(), CHAIN);
        guard.signVote(VoteType.PRECOMMIT, 3, 2, A);
        assertThrows(SigningRefusedException.class, () -> guard.signVote(VoteType.PREVOTE, 3, 2, A));
        assertThrows(SigningRefusedException.class, () -> guard.signVote(VoteType.PRECOMMIT, 3, 1, A));
        assertThrows(SigningRefusedException.class, () -> guard.signProposal(2, 5, A, -1));
        guard.signProposal(3, 3, B, 2);
    }

    @Test
    void survivesRestartThroughItsStore() throws Exception {
        InMemoryVoteRecordStore store = new InMemoryVoteRecordStore();
        new SignedVoteGuard(signer, store, CHAIN).signVote(VoteType.PREVOTE, 9, 0, A);
        SignedVoteGuard restarted = new SignedVoteGuard(signer, store, CHAIN);
        assertThrows(SigningRefusedException.class, () -> restarted.signVote(VoteType.PREVOTE, 9, 0, BlockId.NIL));
        assertEquals(1, restarted.recordsAt(9).size());
    }

    @Test
    void recognisesVotesOfItsKeyThatItNeverSigned() throws Exception {
        SignedVoteGuard guard = new SignedVoteGuard(signer, new InMemoryVoteRecordStore(), CHAIN);
        Vote own = guard.signVote(VoteType.PREVOTE, 5, 0, A);
        guard.signVote(VoteType.PREVOTE, 6, 0, A);
        Vote other = new Vote(VoteType.PREVOTE, 6, 0, B, signer.address(),
                signer.sign(io.veritas.consensus.message.SignBytes.vote(CHAIN, VoteType.PREVOTE, 6, 0, B)));
        assertTrue(guard.isForeignSignature(other), "different vote at a recorded height/round/step");
        Vote later = new Vote(VoteType.PRECOMMIT, 7, 0, B, signer.address(),
                signer.sign(io.veritas.consensus.message.SignBytes.vote(CHAIN, VoteType.PRECOMMIT, 7, 0, B)));
        assertTrue(guard.isForeignSignature(later), "a height this guard never signed at");
        assertEquals(false, guard.isForeignSignature(own), "height 5 records are pruned: no proof either way");
        assertEquals(false, guard.isForeignSignature(guard.signVote(VoteType.PREVOTE, 6, 0, A)));
    }

    @Test
    void refusesToSignWhenStoreIsUnreadableOrUnwritable() {
        VoteRecordStore broken = new VoteRecordStore() {
            @Override
            public List<SignatureRecord> load() throws VoteRecordStoreException {
                throw new VoteRecordStoreException("checksum mismatch at offset 120");
            }

            @Override
            public void append(SignatureRecord record) {}
        };
        SignedVoteGuard guard = new SignedVoteGuard(signer, broken, CHAIN);
        SigningRefusedException e = assertThrows(SigningRefusedException.class,
                () -> guard.signVote(VoteType.PREVOTE, 1, 0, A));
        assertTrue(e.getMessage().contains("checksum mismatch at offset 120"), e.getMessage());

        VoteRecordStore full = new VoteRecordStore() {
            @Override
            public List<SignatureRecord> load() {
                return List.of();
            }

            @Override
            public void append(SignatureRecord record) throws VoteRecordStoreException {
                throw new VoteRecordStoreException("disk full");
            }
        };
        SignedVoteGuard guard2 = new SignedVoteGuard(signer, full, CHAIN);
        assertThrows(SigningRefusedException.class, () -> guard2.signVote(VoteType.PREVOTE, 1, 0, A));
        assertTrue(guard2.haltReason().orElseThrow().contains("disk full"));
    }
}
