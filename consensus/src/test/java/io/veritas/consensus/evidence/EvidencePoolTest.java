package io.veritas.consensus.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.consensus.evidence.EvidencePool.AddResult;
import io.veritas.consensus.evidence.EvidencePool.GossipVerdict;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.signing.Secp256k1Signer;
import io.veritas.consensus.staking.StakingModule;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class EvidencePoolTest {
    private static final long CHAIN_ID = 7357;
    private static final KeyPair ALICE = KeyPair.fromSecret(UInt256.valueOf(0xa11ce));
    private static final KeyPair BOB = KeyPair.fromSecret(UInt256.valueOf(0xb0b));
    /** Not a validator at any height in these tests. */
    private static final KeyPair CAROL = KeyPair.fromSecret(UInt256.valueOf(0xca201));
    private static final BlockId X = BlockId.of(filled(0x11));
    private static final BlockId Y = BlockId.of(filled(0x22));

    private static byte[] filled(int b) {
        byte[] out = new byte[32];
        Arrays.fill(out, (byte) b);
        return out;
    }

    private static Vote vote(KeyPair signer, KeyPair claimed, VoteType type, long height, BlockId id) {
        byte[] signature = new Secp256k1Signer(signer).sign(SignBytes.vote(CHAIN_ID, type, height, 0, id));
        return new Vote(type, height, 0, id, CommitCertificates.validator(claimed.address()), signature);
    }

    private static DoubleSignEvidence evidence(KeyPair key, VoteType type, long height) {
        return new DoubleSignEvidence(vote(key, key, type, height, X), vote(key, key, type, height, Y));
    }

    private static EvidencePool pool() {
        return new EvidencePool(CHAIN_ID, new Secp256k1VoteVerifier(), (v, h) -> !v.equals(CommitCertificates.validator(CAROL.address())), 5, 3);
    }

    private static ProtocolTransaction included(long block, int index, DoubleSignEvidence e) {
        return new ProtocolTransaction(ProtocolTransaction.EVIDENCE, CHAIN_ID, block, index, StakingModule.ADDRESS,
                StakingModule.evidenceCall(e).data());
    }

    @Test
    void handsTheProposerABoundedListOldestFirst() {
        EvidencePool pool = pool();
        DoubleSignEvidence h3 = evidence(ALICE, VoteType.PREVOTE, 3);
        DoubleSignEvidence h1 = evidence(BOB, VoteType.PREVOTE, 1);
        DoubleSignEvidence h2 = evidence(ALICE, VoteType.PRECOMMIT, 2);
        assertEquals(AddResult.ADDED, pool.add(h3, 4));
        assertEquals(AddResult.ADDED, pool.add(h1, 4));
        assertEquals(AddResult.ADDED, pool.add(h2, 4));
        assertEquals(List.of(StakingModule.evidenceCall(h1), StakingModule.evidenceCall(h2)), pool.proposalCalls(4, 2));
        assertEquals(List.of(StakingModule.evidenceCall(h1), StakingModule.evidenceCall(h2)), pool.proposalCalls(2, 10),
                "only evidence for heights up to the block's");
        assertEquals(Optional.of(h1), StakingModule.evidenceIn(StakingModule.evidenceCall(h1).data()));
    }

    @Test
    void keepsOnePieceOfEvidencePerValidatorAndHeight() {
        EvidencePool pool = pool();
        assertEquals(AddResult.ADDED, pool.add(evidence(ALICE, VoteType.PREVOTE, 3), 3));
        assertEquals(AddResult.DUPLICATE, pool.add(evidence(ALICE, VoteType.PREVOTE, 3), 3));
        assertEquals(AddResult.DUPLICATE, pool.add(evidence(ALICE, VoteType.PRECOMMIT, 3), 3), "the module slashes once per height");
        assertEquals(1, pool.size());
    }

    @Test
    void refusesForgedForeignFutureExpiredAndOverflowingEvidence() {
        EvidencePool pool = pool();
        DoubleSignEvidence forged = new DoubleSignEvidence(vote(ALICE, ALICE, VoteType.PREVOTE, 3, X), vote(BOB, ALICE, VoteType.PREVOTE, 3, Y));
        assertEquals(AddResult.BAD_SIGNATURE, pool.add(forged, 3));
        assertEquals(AddResult.NOT_A_VALIDATOR, pool.add(evidence(CAROL, VoteType.PREVOTE, 3), 3));
        assertEquals(AddResult.FUTURE, pool.add(evidence(ALICE, VoteType.PREVOTE, 4), 3));
        assertEquals(AddResult.EXPIRED, pool.add(evidence(ALICE, VoteType.PREVOTE, 3), 9));
        assertEquals(AddResult.ADDED, pool.add(evidence(ALICE, VoteType.PREVOTE, 3), 8), "8 − 3 = 5 = the window");
        pool.add(evidence(ALICE, VoteType.PREVOTE, 4), 8);
        pool.add(evidence(ALICE, VoteType.PREVOTE, 5), 8);
        assertEquals(AddResult.FULL, pool.add(evidence(BOB, VoteType.PREVOTE, 5), 8));
        assertEquals(3, pool.size());

        assertEquals(GossipVerdict.REJECT, AddResult.BAD_SIGNATURE.gossipVerdict());
        assertEquals(GossipVerdict.REJECT, AddResult.NOT_A_VALIDATOR.gossipVerdict());
        assertEquals(GossipVerdict.IGNORE, AddResult.FUTURE.gossipVerdict(), "the sender may be ahead of us");
        assertEquals(GossipVerdict.IGNORE, AddResult.EXPIRED.gossipVerdict());
        assertEquals(GossipVerdict.IGNORE, AddResult.DUPLICATE.gossipVerdict());
        assertEquals(GossipVerdict.ACCEPT, AddResult.ADDED.gossipVerdict());
    }

    @Test
    void dropsEvidenceWhenItExpires() {
        EvidencePool pool = pool();
        DoubleSignEvidence h2 = evidence(ALICE, VoteType.PREVOTE, 2);
        pool.add(h2, 2);
        assertEquals(List.of(StakingModule.evidenceCall(h2)), pool.proposalCalls(7, 10));
        assertEquals(List.of(), pool.proposalCalls(8, 10));
        assertEquals(0, pool.size());
    }

    @Test
    void forgetsCommittedEvidenceAndRefusesItsCopies() {
        EvidencePool pool = pool();
        DoubleSignEvidence e = evidence(ALICE, VoteType.PREVOTE, 2);
        DoubleSignEvidence other = evidence(BOB, VoteType.PREVOTE, 2);
        pool.add(e, 2);
        pool.add(other, 2);
        List<Transaction> block3 = List.of(included(3, 0, e));
        pool.onBlockCommitted(3, block3);
        assertFalse(pool.contains(e));
        assertTrue(pool.contains(other));
        assertEquals(AddResult.DUPLICATE, pool.add(e, 4), "a copy arriving by gossip after the block");
        assertEquals(AddResult.DUPLICATE, pool.add(evidence(ALICE, VoteType.PRECOMMIT, 2), 4));
        pool.onBlockCommitted(7, List.of());
        assertEquals(AddResult.EXPIRED, pool.add(e, 8));
        assertEquals(0, pool.size(), "the pending one expired with the window");
    }

    @Test
    void discardsWhatTheBlockBuilderLeftOut() {
        EvidencePool pool = pool();
        DoubleSignEvidence kept = evidence(ALICE, VoteType.PREVOTE, 2);
        DoubleSignEvidence reverted = evidence(BOB, VoteType.PREVOTE, 2);
        pool.add(kept, 2);
        pool.add(reverted, 2);
        List<ProtocolCall> offered = pool.proposalCalls(3, 10);
        pool.discardLeftOut(offered, List.of(included(3, 0, kept)));
        assertTrue(pool.contains(kept), "included, but not committed yet: stays until the block commits");
        assertFalse(pool.contains(reverted));
    }
}
