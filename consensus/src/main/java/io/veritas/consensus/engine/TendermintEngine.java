package io.veritas.consensus.engine;

import io.veritas.consensus.engine.ConsensusAction.BroadcastProposal;
import io.veritas.consensus.engine.ConsensusAction.BroadcastVote;
import io.veritas.consensus.engine.ConsensusAction.Decide;
import io.veritas.consensus.engine.ConsensusAction.Evidence;
import io.veritas.consensus.engine.ConsensusAction.RequestProposalBlock;
import io.veritas.consensus.engine.ConsensusAction.RequestValidation;
import io.veritas.consensus.engine.ConsensusAction.ScheduleTimeout;
import io.veritas.consensus.engine.ConsensusAction.SigningRefused;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.message.VoteVerifier;
import io.veritas.consensus.signing.SignatureRecord;
import io.veritas.consensus.signing.SignedVoteGuard;
import io.veritas.consensus.signing.SigningRefusedException;
import io.veritas.consensus.signing.SigningStep;
import io.veritas.consensus.validator.ValidatorAddress;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tendermint consensus (Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus", arXiv 1807.04938,
 * Algorithm 1) as a pure state machine: no I/O, no clock, no threads. Each input method returns the actions the
 * driver must perform, in order. One instance runs one height at a time; the driver starts each height with
 * {@link #startHeight} (the paper's lines 10 and 52–54), after committing the previous decision.
 *
 * <p>Line numbers in comments refer to Algorithm 1. Deviations, all documented where they occur:
 * <ul>
 *   <li>Values are block ids; {@code valid(v)} is asked of the driver ({@link RequestValidation}) and answered by
 *       {@link #onBlockValidated}. Rules wait while validity is unknown (timeouts bound the wait).</li>
 *   <li>Lines 36 and 49 need the value v, not the proposal message: they fire on 2f+1 prevotes/precommits for
 *       id(v) once v is known valid. (2f+1 votes for id(v) in a round imply an honest validator saw v proposed
 *       there, so this is the paper's condition when the proposal message itself was lost.)</li>
 *   <li>The proposer also schedules timeoutPropose (as CometBFT does), so a missing block from the application
 *       cannot stall it.</li>
 *   <li>Every signature goes through {@link SignedVoteGuard}; on restart at a height it already signed in, the
 *       engine restores its round, step, lock and the lock's proof (from its own precommit record) and
 *       re-broadcasts its signed messages.</li>
 *   <li>A validator that signed two votes for one (height, round, type) counts in the tally of each block it
 *       voted for (see {@link VoteSet}); the second vote is reported as {@link ConsensusAction.Evidence}.</li>
 *   <li>The paper assumes gossip eventually delivers every message a correct process received to all correct
 *       processes; {@link #messagesForRebroadcast()} gives the driver what to re-gossip for that.</li>
 * </ul>
 *
 * <p>Not thread-safe: the driver serializes calls (one consensus thread).
 */
public final class TendermintEngine {

    private static final Logger LOG = LoggerFactory.getLogger(TendermintEngine.class);

    private final EngineConfig config;
    private final VoteVerifier verifier;
    /** Null for an observer (full node): it follows and decides but never signs. */
    private final SignedVoteGuard guard;

    // Lines 2-9: per-height state.
    private long height = -1;
    private ValidatorSet validators;
    private int round;
    private Step step;
    private BlockId lockedValue = BlockId.NIL;
    private int lockedRound = -1;
    private BlockId validValue = BlockId.NIL;
    private int validRound = -1;
    private Decide decision;

    private final Map<Integer, RoundState> rounds = new HashMap<>();
    private final Map<Integer, ValidatorAddress> proposerByRound = new HashMap<>();
    private final Map<BlockId, Boolean> validity = new HashMap<>();
    private final Set<BlockId> validationRequested = new HashSet<>();
    private final List<Integer> precommitQuorumRounds = new ArrayList<>();
    private final Set<EvidenceKey> evidenceReported = new HashSet<>();
    private int[] catchUpRoundsUsed = new int[0];
    private int skipToRound = -1;
    private boolean awaitingProposalBlock;

    private final TreeMap<Long, List<Object>> futureMessages = new TreeMap<>();
    private int futureMessageCount;
    /** Buffered future messages per validator index of the current set (reset with each height). */
    private int[] bufferedBySender = new int[0];

    private List<ConsensusAction> out = new ArrayList<>();

    private record EvidenceKey(int validator, int round, VoteType type) {}

    private TendermintEngine(EngineConfig config, VoteVerifier verifier, SignedVoteGuard guard) {
        this.config = Objects.requireNonNull(config, "config");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.guard = guard;
        if (guard != null && guard.chainId() != config.chainId()) {
            throw new IllegalArgumentException("guard signs for chain " + guard.chainId() + " but the engine runs chain "
                    + config.chainId());
        }
    }

    /** An engine that votes with the key behind {@code guard} whenever that key is in the height's validator set. */
    public static TendermintEngine validator(EngineConfig config, VoteVerifier verifier, SignedVoteGuard guard) {
        return new TendermintEngine(config, verifier, Objects.requireNonNull(guard, "guard"));
    }

    /** An engine that follows consensus and reports decisions, but never signs. */
    public static TendermintEngine observer(EngineConfig config, VoteVerifier verifier) {
        return new TendermintEngine(config, verifier, null);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inputs
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Starts {@code height} with its validator set (lines 10 and 52–54: reset lock/valid values, empty message log,
     * StartRound(0)) and replays buffered messages for it. Also used after block sync jumps over heights.
     */
    public List<ConsensusAction> startHeight(long newHeight, ValidatorSet newValidators) {
        begin();
        Objects.requireNonNull(newValidators, "validators");
        if (newHeight <= height) {
            throw new IllegalArgumentException("cannot start height " + newHeight + ": already at height " + height);
        }
        if (newValidators.height() != newHeight) {
            throw new IllegalArgumentException("validator set is for height " + newValidators.height()
                    + ", not for the started height " + newHeight);
        }
        height = newHeight;
        validators = newValidators;
        // Line 53: reset lockedRound, lockedValue, validRound, validValue and the message log.
        lockedValue = BlockId.NIL;
        lockedRound = -1;
        validValue = BlockId.NIL;
        validRound = -1;
        decision = null;
        rounds.clear();
        proposerByRound.clear();
        validity.clear();
        validationRequested.clear();
        precommitQuorumRounds.clear();
        evidenceReported.clear();
        catchUpRoundsUsed = new int[validators.size()];
        bufferedBySender = new int[validators.size()];
        skipToRound = -1;
        awaitingProposalBlock = false;

        if (!restoreOwnSignatures()) {
            startRound(0); // line 54 (line 10 for the first height)
        }
        replayBufferedMessages();
        applyRules();
        return end();
    }

    /** A proposal from the network. Wrong proposer, bad signature, stale or far-future: dropped. */
    public List<ConsensusAction> onProposal(Proposal proposal) {
        begin();
        if (routeByHeight(proposal, proposal.height()) && acceptProposal(proposal)) {
            applyRules();
        }
        return end();
    }

    /** A vote from the network. Non-validator, bad signature, stale or far-future: dropped. */
    public List<ConsensusAction> onVote(Vote vote) {
        begin();
        if (routeByHeight(vote, vote.height()) && acceptVote(vote)) {
            applyRules();
        }
        return end();
    }

    /** A scheduled timeout fired (lines 57, 61, 65). Stale timeouts are ignored, as the paper's guards say. */
    public List<ConsensusAction> onTimeout(TimeoutKind kind, long timeoutHeight, int timeoutRound) {
        begin();
        if (decision == null && timeoutHeight == height && timeoutRound == round) {
            switch (kind) {
                case PROPOSE -> onTimeoutPropose();
                case PREVOTE -> onTimeoutPrevote();
                case PRECOMMIT -> onTimeoutPrecommit();
            }
            applyRules();
        }
        return end();
    }

    /** The driver's answer to {@link RequestValidation}: {@code valid(v)} for the current height. */
    public List<ConsensusAction> onBlockValidated(long blockHeight, BlockId blockId, boolean valid) {
        begin();
        if (blockHeight == height && !blockId.isNil()) {
            validity.put(blockId, valid);
            applyRules();
        }
        return end();
    }

    /** The driver's answer to {@link RequestProposalBlock} (getValue(), line 18): the block it built. */
    public List<ConsensusAction> onProposalBlock(long blockHeight, int blockRound, BlockId blockId) {
        begin();
        if (blockHeight == height && blockRound == round && awaitingProposalBlock && step == Step.PROPOSE
                && decision == null && !blockId.isNil()) {
            awaitingProposalBlock = false;
            validity.put(blockId, true); // our own block
            broadcastProposal(blockId, -1); // line 19
            applyRules();
        }
        return end();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queries
    // ---------------------------------------------------------------------------------------------------------

    public long height() {
        return height;
    }

    public int round() {
        return round;
    }

    public Step step() {
        return step;
    }

    public int lockedRound() {
        return lockedRound;
    }

    public BlockId lockedValue() {
        return lockedValue;
    }

    public int validRound() {
        return validRound;
    }

    public BlockId validValue() {
        return validValue;
    }

    public boolean isDecided() {
        return decision != null;
    }

    public ValidatorSet validators() {
        return validators;
    }

    /**
     * The proposer of {@code r} at the current height: the height's set incremented r times in one step (so the
     * answer does not depend on which rounds this node went through). Cached per round; O(n × r) when first asked.
     */
    public ValidatorAddress proposer(int r) {
        return proposerByRound.computeIfAbsent(r, validators::proposer);
    }

    /**
     * Messages to re-gossip periodically (say every second). The algorithm assumes that a message received by a
     * correct process is eventually received by every correct process; with lossy links, gossip provides that by
     * re-sending. Returned: our own signed messages of the last two rounds we signed in, plus everything we hold
     * for the current and the previous round (a peer one round behind needs the previous round's precommits to
     * time out into ours: relaying them is what gossip does), and the proposal and prevotes of our valid round and of the current proposal's valid
     * round (the proof-of-lock others need to accept a re-proposal, line 28). Relayed messages keep their original signatures; nothing new is signed.
     */
    public List<ConsensusAction> messagesForRebroadcast() {
        if (height < 0) {
            return List.of();
        }
        Set<ConsensusAction> messages = new LinkedHashSet<>();
        if (guard != null) {
            List<SignatureRecord> records = guard.recordsAt(height);
            if (!records.isEmpty()) {
                int lastRound = records.getLast().round();
                for (SignatureRecord r : records) {
                    if (r.round() >= lastRound - 1) {
                        messages.add(toBroadcast(r));
                    }
                }
            }
        }
        addRoundMessages(messages, rounds.get(round), true);
        // Peers one round behind need this round's precommits (line 47) to follow us into this round.
        addRoundMessages(messages, rounds.get(round - 1), true);
        if (validRound >= 0 && validRound < round - 1) {
            addRoundMessages(messages, rounds.get(validRound), false);
        }
        // The proof-of-lock the current proposal refers to (line 28), which its proposer may have lost in a crash.
        Proposal current = currentProposal();
        if (current != null && current.validRound() >= 0 && current.validRound() < round - 1
                && current.validRound() != validRound) {
            addRoundMessages(messages, rounds.get(current.validRound()), false);
        }
        // Once decided, the commit itself lets peers still in this height decide (line 49).
        if (decision != null) {
            for (Vote v : CommitCertificates.precommits(decision.commitCertificate())) {
                messages.add(new BroadcastVote(v));
            }
        }
        return List.copyOf(messages);
    }

    private void addRoundMessages(Set<ConsensusAction> messages, RoundState rs, boolean withPrecommits) {
        if (rs == null) {
            return;
        }
        if (rs.proposal != null) {
            messages.add(new BroadcastProposal(rs.proposal));
        }
        for (Vote v : rs.prevotes.all()) {
            messages.add(new BroadcastVote(v));
        }
        if (withPrecommits) {
            for (Vote v : rs.precommits.all()) {
                messages.add(new BroadcastVote(v));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Message intake
    // ---------------------------------------------------------------------------------------------------------

    /**
     * True when the message is for the current height; buffers near-future ones, drops the rest. Only messages that
     * are signed by a validator of the current set are buffered, at most {@code maxBufferedMessages / n} per
     * validator, so no single sender can crowd out the others.
     */
    private boolean routeByHeight(Object message, long messageHeight) {
        if (height < 0 || messageHeight < height) {
            return false; // not started, or stale
        }
        if (messageHeight == height) {
            return true;
        }
        if (messageHeight > height + config.maxFutureHeights()) {
            LOG.debug("dropping message for far-future height {} at height {}: {}", messageHeight, height, message);
            return false;
        }
        ValidatorAddress sender = message instanceof Vote v ? v.validator() : ((Proposal) message).proposer();
        OptionalInt index = validators.indexOf(sender);
        if (index.isEmpty() || futureMessageCount >= config.maxBufferedMessages()
                || bufferedBySender[index.getAsInt()] >= config.maxBufferedMessages() / validators.size()) {
            LOG.debug("not buffering future message {} (sender unknown or buffer full)", message);
            return false;
        }
        boolean signed = message instanceof Vote v
                ? verifier.verify(v.validator(), v.signBytes(config.chainId()), v.signature())
                : verifier.verify(sender, ((Proposal) message).signBytes(config.chainId()),
                        ((Proposal) message).signature());
        if (!signed) {
            LOG.debug("dropping future message with bad signature {}", message);
            return false;
        }
        futureMessages.computeIfAbsent(messageHeight, h -> new ArrayList<>()).add(message);
        futureMessageCount++;
        bufferedBySender[index.getAsInt()]++;
        return false;
    }

    private void replayBufferedMessages() {
        Iterator<Map.Entry<Long, List<Object>>> it = futureMessages.entrySet().iterator();
        List<Object> current = List.of();
        while (it.hasNext()) {
            Map.Entry<Long, List<Object>> e = it.next();
            if (e.getKey() > height) {
                break;
            }
            futureMessageCount -= e.getValue().size();
            if (e.getKey() == height) {
                current = e.getValue();
            }
            it.remove();
        }
        for (Object m : current) {
            if (m instanceof Vote v) {
                acceptVote(v);
            } else if (m instanceof Proposal p) {
                acceptProposal(p);
            }
        }
    }

    /** Admits a round for a validator's message: bounded far-future rounds per validator (memory bound). */
    private boolean roundAdmissible(int r, int validatorIndex) {
        if (r > EngineConfig.MAX_ROUND || r > round + EngineConfig.MAX_ROUND_LEAD) {
            return false;
        }
        if (r <= round + 1 || rounds.containsKey(r)) {
            return true;
        }
        if (catchUpRoundsUsed[validatorIndex] >= config.maxCatchUpRoundsPerValidator()) {
            LOG.debug("height {}: validator {} exceeded its {} catch-up rounds, dropping round {}", height,
                    validators.validator(validatorIndex).address(), config.maxCatchUpRoundsPerValidator(), r);
            return false;
        }
        catchUpRoundsUsed[validatorIndex]++;
        return true;
    }

    private boolean acceptProposal(Proposal p) {
        int r = p.round();
        OptionalInt found = validators.indexOf(p.proposer());
        if (found.isEmpty()) {
            LOG.debug("height {}: dropping proposal from non-validator {}", height, p.proposer());
            return false;
        }
        int index = found.getAsInt();
        if (!roundAdmissible(r, index)) {
            return false;
        }
        if (!p.proposer().equals(proposer(r))) {
            LOG.debug("height {}: dropping proposal from {}, round {} proposer is {}", height, p.proposer(), r,
                    proposer(r));
            return false;
        }
        RoundState rs = roundState(r);
        if (rs.proposal != null) {
            if (!rs.proposal.equals(p)) {
                LOG.debug("height {} round {}: ignoring second, different proposal {} (kept {})", height, r, p,
                        rs.proposal);
            }
            return false;
        }
        if (!verifier.verify(p.proposer(), p.signBytes(config.chainId()), p.signature())) {
            LOG.debug("height {}: dropping proposal with bad signature {}", height, p);
            return false;
        }
        if (guard != null && p.proposer().equals(guard.address()) && guard.isForeignSignature(p)) {
            String reason = "a proposal signed with this validator's key was seen that this node never signed (" + p
                    + "); another node is running the same key";
            guard.halt(reason);
            out.add(new SigningRefused(height, r, reason));
        }
        recordProposal(rs, p, index);
        return true;
    }

    private void recordProposal(RoundState rs, Proposal p, int proposerIndex) {
        rs.proposal = p;
        noteSender(rs, proposerIndex);
        requestValidationIfUnknown(p.blockId());
    }

    private boolean acceptVote(Vote vote) {
        OptionalInt found = validators.indexOf(vote.validator());
        if (found.isEmpty()) {
            LOG.debug("height {}: dropping vote from non-validator {}", height, vote.validator());
            return false;
        }
        int index = found.getAsInt();
        if (!roundAdmissible(vote.round(), index)) {
            return false;
        }
        VoteSet set = roundState(vote.round()).votes(vote.type());
        if (set.contains(index, vote)) {
            return false; // exact duplicate: skip the signature check
        }
        if (!verifier.verify(vote.validator(), vote.signBytes(config.chainId()), vote.signature())) {
            LOG.debug("height {}: dropping vote with bad signature {}", height, vote);
            return false;
        }
        if (guard != null && vote.validator().equals(guard.address()) && guard.isForeignSignature(vote)) {
            // Our key signed something we have no record of: another node runs this key. Stop signing.
            String reason = "a vote signed with this validator's key was seen that this node never signed (" + vote
                    + "); another node is running the same key";
            guard.halt(reason);
            out.add(new SigningRefused(height, vote.round(), reason));
        }
        return addVote(index, vote);
    }

    /** Counts a verified vote (ours or a peer's); reports equivocation as evidence. */
    private boolean addVote(int index, Vote vote) {
        RoundState rs = roundState(vote.round());
        VoteSet set = rs.votes(vote.type());
        switch (set.add(index, vote)) {
            case DUPLICATE, DROPPED -> {
                return false;
            }
            case CONFLICT -> {
                if (evidenceReported.add(new EvidenceKey(index, vote.round(), vote.type()))) {
                    DoubleSignEvidence evidence = new DoubleSignEvidence(set.get(index), vote);
                    LOG.warn("double sign by {} at height {} round {} {}: {} and {}", vote.validator(), height,
                            vote.round(), vote.type(), evidence.voteA().blockId().shortString(),
                            evidence.voteB().blockId().shortString());
                    out.add(new Evidence(evidence));
                }
            }
            case ADDED -> noteSender(rs, index);
        }
        if (vote.type() == VoteType.PRECOMMIT && !rs.precommitQuorumNoted && set.quorumBlock() != null) {
            rs.precommitQuorumNoted = true;
            if (!set.quorumBlock().isNil()) {
                precommitQuorumRounds.add(rs.round);
            }
        }
        return true;
    }

    /** Tracks who sent anything in a round, for line 55. */
    private void noteSender(RoundState rs, int index) {
        if (!rs.senders.get(index)) {
            rs.senders.set(index);
            rs.senderPower += validators.votingPower(index);
            if (rs.round > round && validators.isOneThirdPlus(rs.senderPower)) {
                skipToRound = Math.max(skipToRound, rs.round);
            }
        }
    }

    private RoundState roundState(int r) {
        return rounds.computeIfAbsent(r, k -> new RoundState(k, validators));
    }

    private void requestValidationIfUnknown(BlockId v) {
        if (!validity.containsKey(v) && validationRequested.add(v)) {
            out.add(new RequestValidation(height, v));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The rules of Algorithm 1
    // ---------------------------------------------------------------------------------------------------------

    /** Applies "upon" rules until none fires. Each rule changes state so it cannot fire again for the same cause. */
    private void applyRules() {
        boolean fired = true;
        while (fired && decision == null) {
            fired = uponCommitQuorum()
                    || uponRoundSkip()
                    || uponProposal()
                    || uponProposalWithPolkaPrevious()
                    || uponPrevoteQuorumAny()
                    || uponPolkaForValue()
                    || uponPolkaNil()
                    || uponPrecommitQuorumAny();
        }
    }

    /** Lines 11-21: StartRound(round). */
    private void startRound(int r) {
        round = r; // line 12
        step = Step.PROPOSE; // line 13
        awaitingProposalBlock = false;
        if (guard != null && proposer(r).equals(guard.address())) { // line 14
            if (!validValue.isNil()) {
                broadcastProposal(validValue, validRound); // lines 15-16, 19
            } else {
                awaitingProposalBlock = true; // line 18: getValue(), answered by onProposalBlock
                out.add(new RequestProposalBlock(height, r));
            }
        }
        // Line 21 (also for the proposer, see class comment).
        schedule(TimeoutKind.PROPOSE, r);
    }

    /** Lines 22-27: upon ⟨PROPOSAL, h, round, v, −1⟩ from proposer while step = propose. */
    private boolean uponProposal() {
        if (step != Step.PROPOSE) {
            return false;
        }
        Proposal p = currentProposal();
        if (p == null || p.validRound() != -1) {
            return false;
        }
        Boolean valid = validity.get(p.blockId());
        if (valid == null) {
            return false; // valid(v) pending; timeoutPropose bounds the wait
        }
        // Line 23: valid(v) ∧ (lockedRound = −1 ∨ lockedValue = v).
        boolean vote = valid && (lockedRound == -1 || lockedValue.equals(p.blockId()));
        castVote(VoteType.PREVOTE, vote ? p.blockId() : BlockId.NIL); // lines 24 / 26
        step = Step.PREVOTE; // line 27
        return true;
    }

    /** Lines 28-33: upon ⟨PROPOSAL, h, round, v, vr⟩ AND 2f+1 ⟨PREVOTE, h, vr, id(v)⟩, step = propose, 0 ≤ vr < round. */
    private boolean uponProposalWithPolkaPrevious() {
        if (step != Step.PROPOSE) {
            return false;
        }
        Proposal p = currentProposal();
        if (p == null || p.validRound() < 0) {
            return false; // vr < round is guaranteed by Proposal's constructor
        }
        RoundState vr = rounds.get(p.validRound());
        if (vr == null || !validators.isQuorum(vr.prevotes.power(p.blockId()))) {
            return false;
        }
        Boolean valid = validity.get(p.blockId());
        if (valid == null) {
            return false;
        }
        // Line 29: valid(v) ∧ (lockedRound ≤ vr ∨ lockedValue = v).
        boolean vote = valid && (lockedRound <= p.validRound() || lockedValue.equals(p.blockId()));
        castVote(VoteType.PREVOTE, vote ? p.blockId() : BlockId.NIL); // lines 30 / 32
        step = Step.PREVOTE; // line 33
        return true;
    }

    /** Lines 34-35: upon 2f+1 ⟨PREVOTE, h, round, ∗⟩ while step = prevote for the first time. */
    private boolean uponPrevoteQuorumAny() {
        RoundState rs = rounds.get(round);
        if (step != Step.PREVOTE || rs == null || rs.prevoteTimeoutScheduled || !rs.prevotes.hasQuorumAny()) {
            return false;
        }
        rs.prevoteTimeoutScheduled = true;
        schedule(TimeoutKind.PREVOTE, round);
        return true;
    }

    /**
     * Lines 36-43: upon ⟨PROPOSAL, h, round, v, ∗⟩ AND 2f+1 ⟨PREVOTE, h, round, id(v)⟩ while valid(v) ∧
     * step ≥ prevote for the first time. (The proposal is not required, see class comment.)
     */
    private boolean uponPolkaForValue() {
        RoundState rs = rounds.get(round);
        if (step == Step.PROPOSE || rs == null || rs.polkaForValueHandled) {
            return false;
        }
        BlockId v = rs.prevotes.quorumBlock();
        if (v == null || v.isNil()) {
            return false;
        }
        Boolean valid = validity.get(v);
        if (valid == null) {
            requestValidationIfUnknown(v);
            return false;
        }
        if (!valid) {
            return false;
        }
        rs.polkaForValueHandled = true;
        if (step == Step.PREVOTE) { // line 37
            lockedValue = v; // line 38
            lockedRound = round; // line 39
            castVote(VoteType.PRECOMMIT, v, rs.prevotes.votesFor(v)); // line 40, persisted with its proof of lock
            step = Step.PRECOMMIT; // line 41
        }
        validValue = v; // line 42
        validRound = round; // line 43
        return true;
    }

    /** Lines 44-46: upon 2f+1 ⟨PREVOTE, h, round, nil⟩ while step = prevote. */
    private boolean uponPolkaNil() {
        RoundState rs = rounds.get(round);
        if (step != Step.PREVOTE || rs == null || !validators.isQuorum(rs.prevotes.power(BlockId.NIL))) {
            return false;
        }
        castVote(VoteType.PRECOMMIT, BlockId.NIL); // line 45
        step = Step.PRECOMMIT; // line 46
        return true;
    }

    /** Lines 47-48: upon 2f+1 ⟨PRECOMMIT, h, round, ∗⟩ for the first time. */
    private boolean uponPrecommitQuorumAny() {
        RoundState rs = rounds.get(round);
        if (rs == null || rs.precommitTimeoutScheduled || !rs.precommits.hasQuorumAny()) {
            return false;
        }
        rs.precommitTimeoutScheduled = true;
        schedule(TimeoutKind.PRECOMMIT, round);
        return true;
    }

    /**
     * Lines 49-54: upon ⟨PROPOSAL, h, r, v, ∗⟩ AND 2f+1 ⟨PRECOMMIT, h, r, id(v)⟩ while decision[h] = nil, if
     * valid(v): decide. Any round r. (The proposal is not required, see class comment.)
     */
    private boolean uponCommitQuorum() {
        for (int r : precommitQuorumRounds) {
            RoundState rs = rounds.get(r);
            BlockId v = rs.precommits.quorumBlock();
            Boolean valid = validity.get(v);
            if (valid == null) {
                requestValidationIfUnknown(v);
                continue;
            }
            if (valid) { // line 50
                // Line 51. Lines 52-54 (next height) happen when the driver calls startHeight.
                decision = new Decide(height, r, v, CommitCertificates.of(height, r, v, rs.precommits.votesFor(v)));
                LOG.info("decided height {} round {} block {}", height, r, v.shortString());
                out.add(decision);
                return true;
            }
        }
        return false;
    }

    /** Lines 55-56: upon f+1 ⟨∗, h, round, ∗, ∗⟩ with round > round_p: StartRound(round). */
    private boolean uponRoundSkip() {
        if (skipToRound <= round) {
            return false;
        }
        LOG.debug("height {}: f+1 messages in round {}, skipping from round {}", height, skipToRound, round);
        startRound(skipToRound);
        return true;
    }

    /** Lines 57-60. */
    private void onTimeoutPropose() {
        if (step == Step.PROPOSE) {
            castVote(VoteType.PREVOTE, BlockId.NIL);
            step = Step.PREVOTE;
        }
    }

    /** Lines 61-64. */
    private void onTimeoutPrevote() {
        if (step == Step.PREVOTE) {
            castVote(VoteType.PRECOMMIT, BlockId.NIL);
            step = Step.PRECOMMIT;
        }
    }

    /** Lines 65-67. */
    private void onTimeoutPrecommit() {
        startRound(round + 1);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Own messages
    // ---------------------------------------------------------------------------------------------------------

    private Proposal currentProposal() {
        RoundState rs = rounds.get(round);
        return rs == null ? null : rs.proposal;
    }

    private boolean isVotingValidator() {
        return guard != null && validators.contains(guard.address());
    }

    private void broadcastProposal(BlockId v, int vr) {
        if (!isVotingValidator()) {
            return;
        }
        try {
            Proposal p = guard.signProposal(height, round, v, vr);
            out.add(new BroadcastProposal(p));
            RoundState rs = roundState(round);
            if (rs.proposal == null) {
                recordProposal(rs, p, validators.indexOf(p.proposer()).orElseThrow());
            }
        } catch (SigningRefusedException e) {
            refused(e);
        }
    }

    private void castVote(VoteType type, BlockId v) {
        castVote(type, v, List.of());
    }

    private void castVote(VoteType type, BlockId v, List<Vote> proofOfLock) {
        if (!isVotingValidator()) {
            return;
        }
        try {
            Vote vote = guard.signVote(type, height, round, v, proofOfLock);
            out.add(new BroadcastVote(vote));
            addVote(validators.indexOf(vote.validator()).orElseThrow(), vote);
        } catch (SigningRefusedException e) {
            refused(e);
        }
    }

    private void refused(SigningRefusedException e) {
        LOG.warn("height {} round {}: {}", height, round, e.getMessage());
        out.add(new SigningRefused(height, round, e.getMessage()));
    }

    private ConsensusAction toBroadcast(SignatureRecord r) {
        if (r.step() == SigningStep.PROPOSE) {
            return new BroadcastProposal(new Proposal(r.height(), r.round(), r.blockId(), r.validRound(),
                    guard.address(), r.signature()));
        }
        VoteType type = r.step() == SigningStep.PREVOTE ? VoteType.PREVOTE : VoteType.PRECOMMIT;
        return new BroadcastVote(new Vote(type, r.height(), r.round(), r.blockId(), guard.address(), r.signature()));
    }

    /**
     * After a restart inside a height: re-enter the last round signed at the last step signed, restore the lock from
     * our own precommits (line 38 locks exactly when we precommit a value) together with its proof of lock, count and
     * re-broadcast our signed messages. Returns false when nothing was signed at this height.
     */
    private boolean restoreOwnSignatures() {
        if (!isVotingValidator()) {
            return false;
        }
        List<SignatureRecord> records = guard.recordsAt(height);
        if (records.isEmpty()) {
            return false;
        }
        int index = validators.indexOf(guard.address()).orElseThrow();
        SignatureRecord last = records.getLast();
        round = last.round();
        for (SignatureRecord r : records) {
            ConsensusAction message = toBroadcast(r);
            out.add(message);
            if (message instanceof BroadcastProposal bp) {
                RoundState rs = roundState(r.round());
                if (rs.proposal == null) {
                    validity.put(r.blockId(), true); // we proposed it, so we had validated it
                    recordProposal(rs, bp.proposal(), index);
                }
            } else if (message instanceof BroadcastVote bv) {
                addVote(index, bv.vote());
                for (Vote prevote : r.proofOfLock()) {
                    if (prevote.height() == height && !prevote.validator().equals(guard.address())) {
                        acceptVote(prevote); // re-verified: the record store is not trusted blindly
                    }
                }
                if (r.step() == SigningStep.PRECOMMIT && !r.blockId().isNil() && r.round() >= lockedRound) {
                    lockedRound = r.round();
                    lockedValue = r.blockId();
                    validRound = r.round();
                    validValue = r.blockId();
                }
            }
        }
        step = switch (last.step()) {
            case PROPOSE -> Step.PROPOSE;
            case PREVOTE -> Step.PREVOTE;
            case PRECOMMIT -> Step.PRECOMMIT;
        };
        if (step == Step.PROPOSE) {
            schedule(TimeoutKind.PROPOSE, round);
        }
        LOG.info("restored height {} round {} step {} locked round {} from {} own signatures", height, round, step,
                lockedRound, records.size());
        return true;
    }

    private void schedule(TimeoutKind kind, int r) {
        out.add(new ScheduleTimeout(kind, height, r, config.timeouts().duration(kind, r)));
    }

    private void begin() {
        out = new ArrayList<>();
    }

    private List<ConsensusAction> end() {
        List<ConsensusAction> result = out;
        out = new ArrayList<>();
        return result;
    }
}
