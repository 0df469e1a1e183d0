package io.veritas.consensus.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.consensus.engine.ConsensusAction.BroadcastProposal;
import io.veritas.consensus.engine.ConsensusAction.BroadcastVote;
import io.veritas.consensus.engine.ConsensusAction.Decide;
import io.veritas.consensus.engine.ConsensusAction.Evidence;
import io.veritas.consensus.engine.ConsensusAction.RequestProposalBlock;
import io.veritas.consensus.engine.ConsensusAction.RequestValidation;
import io.veritas.consensus.engine.ConsensusAction.ScheduleTimeout;
import io.veritas.consensus.engine.ConsensusAction.SigningRefused;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.signing.InMemoryVoteRecordStore;
import io.veritas.consensus.signing.SignedVoteGuard;
import io.veritas.consensus.signing.Signer;
import io.veritas.consensus.testing.TestKeys;
import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorAddress;
import io.veritas.consensus.validator.ValidatorSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TendermintEngineTest {

    private static final long CHAIN = 7357;
    private static final BlockId A = block(0xa);
    private static final BlockId B = block(0xb);

    private final TestKeys keys = new TestKeys();
    private final List<Signer> signers = new ArrayList<>();
    private final ValidatorSet set;
    private final InMemoryVoteRecordStore store = new InMemoryVoteRecordStore();
    /** The engine under test runs the key of {@code me}. */
    private final int me;

    TendermintEngineTest() {
        List<Validator> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] a = new byte[20];
            a[0] = (byte) (i + 1);
            ValidatorAddress address = new ValidatorAddress(a);
            signers.add(keys.add(address, 1000 + i));
            members.add(new Validator(address, 1));
        }
        set = ValidatorSet.of(1, members);
        // Run as a validator that is not the proposer of round 0, so the tests drive proposals explicitly.
        int notProposer = 0;
        while (signers.get(notProposer).address().equals(set.proposer(0))) {
            notProposer++;
        }
        me = notProposer;
    }

    private static BlockId block(int tag) {
        byte[] h = new byte[32];
        Arrays.fill(h, (byte) tag);
        return BlockId.of(h);
    }

    private TendermintEngine newEngine() {
        return TendermintEngine.validator(EngineConfig.defaults(CHAIN), keys,
                new SignedVoteGuard(signers.get(me), store, CHAIN));
    }

    private Signer signerOf(ValidatorAddress address) {
        return signers.stream().filter(s -> s.address().equals(address)).findFirst().orElseThrow();
    }

    private List<Signer> others() {
        return signers.stream().filter(s -> s != signers.get(me)).toList();
    }

    private static Vote vote(Signer s, VoteType type, long height, int round, BlockId id) {
        return new Vote(type, height, round, id, s.address(), s.sign(SignBytes.vote(CHAIN, type, height, round, id)));
    }

    private Proposal proposal(long height, int round, BlockId id, int validRound) {
        Signer s = signerOf(set.proposer(round));
        return new Proposal(height, round, id, validRound, s.address(),
                s.sign(SignBytes.proposal(CHAIN, height, round, id, validRound)));
    }

    private static <T> List<T> only(List<ConsensusAction> actions, Class<T> type) {
        return actions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Delivers the proposal for {@code id}, marks it valid, and returns our prevote. */
    private Vote proposeAndValidate(TendermintEngine engine, int round, BlockId id, int validRound) {
        List<ConsensusAction> actions = new ArrayList<>(engine.onProposal(proposal(1, round, id, validRound)));
        actions.addAll(engine.onBlockValidated(1, id, true));
        return only(actions, BroadcastVote.class).getFirst().vote();
    }

    @Test
    void singleValidatorDecidesEveryHeightByItself() {
        byte[] a = new byte[20];
        a[19] = 1;
        Signer solo = keys.add(new ValidatorAddress(a), 99);
        ValidatorSet soloSet = ValidatorSet.of(1, List.of(new Validator(solo.address(), 10)));
        TendermintEngine engine = TendermintEngine.validator(EngineConfig.defaults(CHAIN), keys,
                new SignedVoteGuard(solo, new InMemoryVoteRecordStore(), CHAIN));
        ValidatorSet current = soloSet;
        List<ConsensusAction> actions = engine.startHeight(1, current);
        for (long h = 1; h <= 20; h++) {
            assertEquals(new RequestProposalBlock(h, 0), actions.getFirst());
            BlockId id = block((int) h);
            actions = engine.onProposalBlock(h, 0, id);
            // Proposal, prevote, prevote timeout (line 34), lock + precommit (line 40), decision (line 49).
            assertEquals(List.of(BroadcastProposal.class, BroadcastVote.class, ScheduleTimeout.class,
                    BroadcastVote.class, Decide.class),
                    actions.stream().map(Object::getClass).toList(), "height " + h);
            Decide decide = (Decide) actions.getLast();
            assertEquals(h, decide.height());
            assertEquals(0, decide.round());
            assertEquals(id, decide.blockId());
            assertEquals(1, decide.commitCertificate().signatures().size());
            assertTrue(engine.isDecided());
            current = current.nextHeight();
            actions = engine.startHeight(h + 1, current);
        }
    }

    @Test
    void decidesOnQuorumOfPrecommitsAndIgnoresBadSignatureAndNonValidator() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        proposeAndValidate(engine, 0, A, -1);
        List<Signer> others = others();
        // A forged precommit (signed by the wrong key) and one from a non-validator are dropped.
        Vote forged = new Vote(VoteType.PRECOMMIT, 1, 0, A, others.get(0).address(),
                others.get(1).sign(SignBytes.vote(CHAIN, VoteType.PRECOMMIT, 1, 0, A)));
        assertEquals(List.of(), engine.onVote(forged));
        Signer outsider = keys.add(ValidatorAddress.fromHex("ff00000000000000000000000000000000000000"), 5);
        assertEquals(List.of(), engine.onVote(vote(outsider, VoteType.PRECOMMIT, 1, 0, A)));
        engine.onVote(vote(others.get(1), VoteType.PRECOMMIT, 1, 0, A));
        assertFalse(engine.isDecided(), "2 of 4 precommits (ours is not cast yet) must not decide");
        engine.onVote(vote(others.get(2), VoteType.PRECOMMIT, 1, 0, A));
        List<ConsensusAction> actions = engine.onVote(vote(others.get(0), VoteType.PRECOMMIT, 1, 0, A));
        Decide decide = only(actions, Decide.class).getFirst();
        assertEquals(A, decide.blockId());
        assertEquals(3, decide.commitCertificate().signatures().size());
    }

    @Test
    void waitsForBlockValidityBeforePrevotingAndPrevotesNilForInvalidBlock() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        List<ConsensusAction> actions = engine.onProposal(proposal(1, 0, A, -1));
        assertEquals(List.of(new RequestValidation(1, A)), actions);
        actions = engine.onBlockValidated(1, A, false);
        assertEquals(BlockId.NIL, only(actions, BroadcastVote.class).getFirst().vote().blockId());
    }

    @Test
    void locksOnPolkaAndPrevotesNilForAnotherValueInLaterRound() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        assertEquals(A, proposeAndValidate(engine, 0, A, -1).blockId());
        List<ConsensusAction> actions = new ArrayList<>();
        for (Signer s : others()) {
            actions.addAll(engine.onVote(vote(s, VoteType.PREVOTE, 1, 0, A)));
        }
        // Lines 36-41: 2f+1 prevotes for A → lock and precommit A.
        Vote precommit = only(actions, BroadcastVote.class).getLast().vote();
        assertEquals(VoteType.PRECOMMIT, precommit.type());
        assertEquals(A, precommit.blockId());
        assertEquals(0, engine.lockedRound());
        assertEquals(A, engine.lockedValue());
        // Round 1 (after the precommit timeout) proposes B with no proof of lock: line 23 fails → nil.
        engine.onTimeout(TimeoutKind.PRECOMMIT, 1, 0);
        assertEquals(1, engine.round());
        if (!set.proposer(1).equals(signers.get(me).address())) {
            assertEquals(BlockId.NIL, proposeAndValidate(engine, 1, B, -1).blockId());
        }
    }

    @Test
    void prevotesReproposedValueWithProofOfLockFromEarlierRound() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        // Round 0: we see the proposal for A late (prevote nil on timeout), then a polka for A forms.
        engine.onTimeout(TimeoutKind.PROPOSE, 1, 0);
        for (Signer s : others()) {
            engine.onVote(vote(s, VoteType.PREVOTE, 1, 0, A));
        }
        engine.onTimeout(TimeoutKind.PREVOTE, 1, 0);
        engine.onTimeout(TimeoutKind.PRECOMMIT, 1, 0);
        int round = 1;
        while (set.proposer(round).equals(signers.get(me).address())) {
            engine.onTimeout(TimeoutKind.PROPOSE, 1, round);
            engine.onTimeout(TimeoutKind.PRECOMMIT, 1, round);
            round++;
        }
        assertEquals(round, engine.round());
        // Lines 28-30: proposal (A, vr=0) with 2f+1 prevotes for A in round 0 → prevote A.
        assertEquals(A, proposeAndValidate(engine, round, A, 0).blockId());
    }

    @Test
    void reportsEquivocationAsEvidenceOnce() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        Signer byzantine = others().getFirst();
        Vote a = vote(byzantine, VoteType.PREVOTE, 1, 0, A);
        Vote b = vote(byzantine, VoteType.PREVOTE, 1, 0, B);
        assertEquals(List.of(), only(engine.onVote(a), Evidence.class));
        List<Evidence> evidence = only(engine.onVote(b), Evidence.class);
        assertEquals(1, evidence.size());
        assertEquals(a, evidence.getFirst().evidence().voteA());
        assertEquals(b, evidence.getFirst().evidence().voteB());
        assertTrue(evidence.getFirst().evidence().verify(CHAIN, keys));
        Vote c = vote(byzantine, VoteType.PREVOTE, 1, 0, BlockId.NIL);
        assertEquals(List.of(), only(engine.onVote(c), Evidence.class));
    }

    @Test
    void skipsToHigherRoundOnMessagesFromMoreThanAThirdOfPower() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        List<Signer> others = others();
        engine.onVote(vote(others.get(0), VoteType.PREVOTE, 1, 3, BlockId.NIL));
        assertEquals(0, engine.round(), "1 of 4 is not more than 1/3");
        List<ConsensusAction> actions = engine.onVote(vote(others.get(1), VoteType.PRECOMMIT, 1, 3, BlockId.NIL));
        assertEquals(3, engine.round());
        assertEquals(Step.PROPOSE, engine.step());
        assertTrue(actions.contains(new ScheduleTimeout(TimeoutKind.PROPOSE, 1, 3,
                TimeoutConfig.defaults().duration(TimeoutKind.PROPOSE, 3))));
    }

    @Test
    void timeoutsGrowByDeltaPerRound() {
        TimeoutConfig t = TimeoutConfig.defaults();
        assertEquals(Duration.ofMillis(1000), t.duration(TimeoutKind.PROPOSE, 0));
        assertEquals(Duration.ofMillis(2500), t.duration(TimeoutKind.PROPOSE, 3));
        assertEquals(Duration.ofMillis(1000), t.duration(TimeoutKind.PREVOTE, 2));
        assertEquals(Duration.ofMillis(750), t.duration(TimeoutKind.PRECOMMIT, 1));
    }

    @Test
    void buffersNextHeightMessagesAndDropsFarFutureOnes() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        List<Signer> others = others();
        ValidatorSet next = set.nextHeight();
        for (Signer s : others) {
            assertEquals(List.of(), engine.onVote(vote(s, VoteType.PREVOTE, 2, 5, BlockId.NIL)));
            assertEquals(List.of(), engine.onVote(vote(s, VoteType.PREVOTE, 9, 5, BlockId.NIL)));
        }
        assertEquals(0, engine.round());
        engine.startHeight(2, next);
        assertEquals(5, engine.round(), "buffered height-2 votes replayed: f+1 in round 5 → skip");
        engine.startHeight(3, next.nextHeight());
        assertEquals(0, engine.round(), "height-9 votes were dropped, not buffered");
    }

    @Test
    void capsBufferedFutureMessagesPerSender() {
        List<Signer> others = others();
        Signer x = others.get(0);
        Signer y = others.get(1);
        for (int cap : new int[] {8, 100}) { // 8 / 4 validators = 2 messages per sender; 100 = 25
            TendermintEngine engine = TendermintEngine.validator(
                    new EngineConfig(CHAIN, TimeoutConfig.defaults(), 2, cap, 2), keys,
                    new SignedVoteGuard(signers.get(me), new InMemoryVoteRecordStore(), CHAIN));
            engine.startHeight(1, set);
            engine.onVote(vote(x, VoteType.PREVOTE, 2, 5, BlockId.NIL));
            engine.onVote(vote(x, VoteType.PRECOMMIT, 2, 5, BlockId.NIL));
            engine.onVote(vote(x, VoteType.PREVOTE, 2, 6, BlockId.NIL)); // third from x: over a cap of 2
            engine.onVote(vote(y, VoteType.PREVOTE, 2, 6, BlockId.NIL));
            engine.startHeight(2, set.nextHeight());
            // Round 6 reaches f+1 (x and y) only if x's third message was buffered.
            assertEquals(cap == 8 ? 0 : 6, engine.round(), "cap " + cap);
        }
    }

    @Test
    void restartRestoresLockAndRoundFromOwnSignatures() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        proposeAndValidate(engine, 0, A, -1);
        for (Signer s : others()) {
            engine.onVote(vote(s, VoteType.PREVOTE, 1, 0, A));
        }
        assertEquals(0, engine.lockedRound());

        TendermintEngine restarted = newEngine(); // same record store: the disk survived the crash
        List<ConsensusAction> actions = restarted.startHeight(1, set);
        assertEquals(0, restarted.lockedRound());
        assertEquals(A, restarted.lockedValue());
        assertEquals(Step.PRECOMMIT, restarted.step());
        List<Vote> rebroadcast = only(actions, BroadcastVote.class).stream().map(BroadcastVote::vote).toList();
        assertEquals(List.of(VoteType.PREVOTE, VoteType.PRECOMMIT), rebroadcast.stream().map(Vote::type).toList());
        assertEquals(List.of(A, A), rebroadcast.stream().map(Vote::blockId).toList());
        // The proof of lock came back with the lock: the restarted node re-gossips the others' round-0 prevotes.
        List<Vote> regossip = only(restarted.messagesForRebroadcast(), BroadcastVote.class).stream()
                .map(BroadcastVote::vote).filter(v -> v.type() == VoteType.PREVOTE).toList();
        // Ours plus the two others' that completed the polka (3 of 4) when the lock was taken.
        assertEquals(3, regossip.stream().map(Vote::validator).distinct().count());
        // A timeout of round 0 cannot make it sign a nil precommit over the recorded precommit for A.
        assertEquals(List.of(), only(restarted.onTimeout(TimeoutKind.PREVOTE, 1, 0), BroadcastVote.class));
    }

    @Test
    void haltsSigningWhenItsKeySignedAVoteItNeverMade() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        Vote impostor = vote(signers.get(me), VoteType.PREVOTE, 1, 0, B);
        List<ConsensusAction> actions = engine.onVote(impostor);
        assertEquals(1, only(actions, SigningRefused.class).size());
        actions = engine.onTimeout(TimeoutKind.PROPOSE, 1, 0);
        assertEquals(List.of(), only(actions, BroadcastVote.class));
        assertEquals(1, only(actions, SigningRefused.class).size());
    }

    @Test
    void haltsSigningWhenItsKeySignedAProposalItNeverMade() {
        TendermintEngine engine = newEngine();
        engine.startHeight(1, set);
        int round = 0;
        while (!set.proposer(round).equals(signers.get(me).address())) {
            round++;
        }
        engine.onVote(vote(others().get(0), VoteType.PREVOTE, 1, round, BlockId.NIL));
        engine.onVote(vote(others().get(1), VoteType.PREVOTE, 1, round, BlockId.NIL));
        assertEquals(round, engine.round(), "f+1 prevotes moved us into the round we propose in");
        Signer mine = signers.get(me);
        Proposal impostor = new Proposal(1, round, B, -1, mine.address(),
                mine.sign(SignBytes.proposal(CHAIN, 1, round, B, -1)));
        List<ConsensusAction> actions = engine.onProposal(impostor);
        assertEquals(1, only(actions, SigningRefused.class).size());
        assertEquals(List.of(), only(engine.onProposalBlock(1, round, A), BroadcastProposal.class));
    }

    @Test
    void observerDecidesWithoutSigning() {
        TendermintEngine observer = TendermintEngine.observer(EngineConfig.defaults(CHAIN), keys);
        observer.startHeight(1, set);
        observer.onProposal(proposal(1, 0, A, -1));
        observer.onBlockValidated(1, A, true);
        List<ConsensusAction> actions = new ArrayList<>();
        for (Signer s : signers.subList(0, 3)) {
            actions.addAll(observer.onVote(vote(s, VoteType.PRECOMMIT, 1, 0, A)));
        }
        assertEquals(List.of(), only(actions, BroadcastVote.class));
        assertEquals(A, only(actions, Decide.class).getFirst().blockId());
    }
}
