package io.veritas.consensus.service;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.consensus.engine.ConsensusAction;
import io.veritas.consensus.engine.ConsensusAction.BroadcastProposal;
import io.veritas.consensus.engine.ConsensusAction.BroadcastVote;
import io.veritas.consensus.engine.ConsensusAction.Decide;
import io.veritas.consensus.engine.ConsensusAction.Evidence;
import io.veritas.consensus.engine.ConsensusAction.RequestProposalBlock;
import io.veritas.consensus.engine.ConsensusAction.RequestValidation;
import io.veritas.consensus.engine.ConsensusAction.ScheduleTimeout;
import io.veritas.consensus.engine.ConsensusAction.SigningRefused;
import io.veritas.consensus.engine.EngineConfig;
import io.veritas.consensus.engine.TendermintEngine;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.InvalidCommitCertificateException;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteVerifier;
import io.veritas.consensus.service.ConsensusMessage.ProposalMessage;
import io.veritas.consensus.service.ConsensusMessage.VoteMessage;
import io.veritas.consensus.signing.SignedVoteGuard;
import io.veritas.consensus.validator.ValidatorAddress;
import io.veritas.consensus.validator.ValidatorSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O edge around the pure {@link TendermintEngine}: one {@link EventLoop} thread owns the engine and performs
 * the actions it returns — gossip through {@link ConsensusNetwork}, timers on the loop, blocks built, validated and
 * committed through {@link ConsensusChain}. Proposals travel with their full block. After a decision the next
 * height starts one block time after the previous one started (the pacing CometBFT calls timeout_commit), so an
 * idle network still makes one block per block time rather than as many as the links allow.
 *
 * <p>Thread-safety: {@link #check} and {@link #submit} may be called from any thread (gossip validators);
 * everything else happens on the loop.
 */
public final class ConsensusService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsensusService.class);

    /** How often own and relayed messages are re-gossiped (the algorithm needs eventual delivery). */
    public static final Duration REBROADCAST_INTERVAL = Duration.ofSeconds(1);

    /** The verdict on a gossiped message, before it is forwarded. */
    public enum Verdict {
        /** Valid: forward and process. */
        ACCEPT,
        /** Not useful (stale, too far ahead to check): neither forward nor penalise. */
        IGNORE,
        /** Invalid (bad signature, non-validator, block not matching): drop and penalise the sender. */
        REJECT
    }

    private final EngineConfig config;
    private final TendermintEngine engine;
    private final VoteVerifier verifier;
    private final ValidatorSchedule schedule;
    private final ConsensusChain chain;
    private final ConsensusNetwork network;
    private final EventLoop loop;
    private final Duration blockTime;
    private final ValidatorAddress self;

    /** Blocks of proposals received or built, by height then id; heights below the current one are pruned. */
    private final TreeMap<Long, Map<BlockId, Block>> blocks = new TreeMap<>();
    private long heightStartedAt;
    private boolean started;
    private volatile long currentHeight = -1;
    private volatile int currentRound;
    private volatile long lastDecidedHeight;
    private volatile int lastDecidedRound;

    public ConsensusService(EngineConfig config, VoteVerifier verifier, SignedVoteGuard guard, ValidatorSchedule schedule,
            ConsensusChain chain, ConsensusNetwork network, EventLoop loop, Duration blockTime) {
        this.config = Objects.requireNonNull(config, "config");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.engine = TendermintEngine.validator(config, verifier, guard);
        this.self = guard.address();
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.chain = Objects.requireNonNull(chain, "chain");
        this.network = Objects.requireNonNull(network, "network");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.blockTime = Objects.requireNonNull(blockTime, "blockTime");
    }

    /** Starts consensus at the height after the chain's head, and the periodic re-broadcast. */
    public void start() {
        loop.execute(() -> {
            if (!started) {
                started = true;
                startHeight(chain.head().number() + 1);
                loop.schedule(REBROADCAST_INTERVAL, this::rebroadcast);
            }
        });
    }

    /** The height consensus works on, or -1 before it started. */
    public long height() {
        return currentHeight;
    }

    public int round() {
        return currentRound;
    }

    /** The height and round of the last decision (0, 0 before the first). */
    public long lastDecidedHeight() {
        return lastDecidedHeight;
    }

    public int lastDecidedRound() {
        return lastDecidedRound;
    }

    // ---------------------------------------------------------------------------------------------------- inputs

    /**
     * Checks a gossiped message without touching the engine (any thread): height near ours, signer in the height's
     * set, signature valid, and a proposal's block is the one it names, at its height, by its proposer.
     */
    public Verdict check(ConsensusMessage message) {
        long height = currentHeight;
        long h = message.height();
        if (height < 0 || h < height - 1 || h > height + config.maxFutureHeights()) {
            return Verdict.IGNORE;
        }
        if (h < 1) {
            return Verdict.REJECT;
        }
        ValidatorSet set = schedule.at(h);
        return switch (message) {
            case VoteMessage vm -> {
                Vote v = vm.vote();
                yield set.contains(v.validator()) && verifier.verify(v.validator(), v.signBytes(config.chainId()),
                        v.signature()) ? Verdict.ACCEPT : Verdict.REJECT;
            }
            case ProposalMessage pm -> {
                Proposal p = pm.proposal();
                BlockHeader header = pm.block().header();
                boolean matches = set.contains(p.proposer())
                        && BlockId.of(pm.block().hash().toArrayUnsafe()).equals(p.blockId())
                        && header.number() == h
                        && CommitCertificates.validator(header.proposer()).equals(p.proposer())
                        && verifier.verify(p.proposer(), p.signBytes(config.chainId()), p.signature());
                yield matches ? Verdict.ACCEPT : Verdict.REJECT;
            }
        };
    }

    /** Hands a message that passed {@link #check} to the engine (any thread; processed on the loop). */
    public void submit(ConsensusMessage message) {
        loop.execute(() -> {
            switch (message) {
                case VoteMessage vm -> handle(engine.onVote(vm.vote()));
                case ProposalMessage pm -> {
                    Proposal p = pm.proposal();
                    if (p.height() >= engine.height()) {
                        blocks.computeIfAbsent(p.height(), k -> new HashMap<>()).putIfAbsent(p.blockId(), pm.block());
                    }
                    handle(engine.onProposal(p));
                }
            }
        });
    }

    /**
     * The chain's head moved, possibly by sync: if it reached the height consensus works on, move consensus to the
     * height after it (any thread).
     */
    public void onChainAdvanced() {
        loop.execute(() -> {
            long head = chain.head().number();
            // A head we decided ourselves moves on at the paced start scheduled in decide(); only sync jumps here.
            if (started && head + 1 > engine.height() && head > lastDecidedHeight) {
                long next = head + 1;
                LOG.info("consensus: chain synced to {}, moving from height {}", head, engine.height());
                startHeight(next);
            }
        });
    }

    // ---------------------------------------------------------------------------------------------------- loop

    private void startHeight(long height) {
        if (height <= engine.height()) {
            return;
        }
        heightStartedAt = loop.nowMillis();
        blocks.headMap(height).clear();
        currentHeight = height;
        handle(engine.startHeight(height, schedule.at(height)));
    }

    private void handle(List<ConsensusAction> actions) {
        for (ConsensusAction action : actions) {
            switch (action) {
                case BroadcastProposal bp -> broadcastProposal(bp.proposal());
                case BroadcastVote bv -> network.broadcast(new VoteMessage(bv.vote()));
                case ScheduleTimeout st -> loop.schedule(st.duration(),
                        () -> handle(engine.onTimeout(st.kind(), st.height(), st.round())));
                case RequestValidation rv -> validate(rv.height(), rv.blockId());
                case RequestProposalBlock rp -> buildProposal(rp.height(), rp.round());
                case Decide d -> decide(d);
                case Evidence ev -> LOG.warn("consensus: double-sign evidence {}", ev.evidence());
                case SigningRefused sr -> LOG.warn("consensus: signing refused at height {} round {}: {}",
                        sr.height(), sr.round(), sr.reason());
            }
        }
        currentRound = engine.round();
    }

    private void broadcastProposal(Proposal p) {
        Block block = block(p.height(), p.blockId());
        if (block == null) {
            // Re-proposing a valid value from an earlier round whose block we no longer hold: peers have it.
            LOG.warn("consensus: no block {} for our proposal at height {} round {}", p.blockId().shortString(),
                    p.height(), p.round());
            return;
        }
        network.broadcast(new ProposalMessage(p, block));
    }

    private Block block(long height, BlockId id) {
        Map<BlockId, Block> atHeight = blocks.get(height);
        return atHeight == null ? null : atHeight.get(id);
    }

    private void buildProposal(long height, int round) {
        if (chain.head().number() != height - 1) {
            return; // the chain moved by sync; onChainAdvanced restarts consensus at the new height
        }
        CommitCertificate lastCommit = height == 1
                ? CommitCertificate.EMPTY
                : chain.commitCertificate(height - 1).orElseThrow(() -> new IllegalStateException(
                        "no commit certificate stored for block " + (height - 1) + " to put in block " + height));
        Block block = chain.propose(CommitCertificates.address(self), lastCommit);
        BlockId id = BlockId.of(block.hash().toArrayUnsafe());
        blocks.computeIfAbsent(height, k -> new HashMap<>()).put(id, block);
        LOG.debug("consensus: built block {} for height {} round {} with {} txs", id.shortString(), height, round,
                block.transactions().size());
        handle(engine.onProposalBlock(height, round, id));
    }

    private void validate(long height, BlockId id) {
        if (chain.head().number() != height - 1) {
            return; // the block came by sync meanwhile; onChainAdvanced moves consensus past this height
        }
        Block block = block(height, id);
        if (block == null) {
            // Votes named a block we have not received; the proposal re-broadcast (or sync) brings it.
            LOG.debug("consensus: block {} at height {} not received yet", id.shortString(), height);
            return;
        }
        Optional<String> problem = checkLastCommit(block, height);
        if (problem.isEmpty()) {
            problem = chain.validate(block);
        }
        problem.ifPresent(p -> LOG.warn("consensus: invalid block {} at height {}: {}", id.shortString(), height, p));
        handle(engine.onBlockValidated(height, id, problem.isEmpty()));
    }

    /** The block must carry +2/3 precommits of its parent (none for block 1). */
    private Optional<String> checkLastCommit(Block block, long height) {
        CommitCertificate lastCommit = block.lastCommit();
        if (height == 1) {
            return lastCommit.isEmpty() ? Optional.empty() : Optional.of("block 1 must carry an empty last commit");
        }
        BlockHeader head = chain.head();
        if (lastCommit.height() != height - 1 || !lastCommit.blockHash().equals(head.hash())) {
            return Optional.of("last commit is for block " + lastCommit.height() + " " + lastCommit.blockHash()
                    + ", not the parent " + head.number() + " " + head.hash());
        }
        try {
            CommitCertificates.verify(lastCommit, schedule.at(height - 1), config.chainId(), verifier);
            return Optional.empty();
        } catch (InvalidCommitCertificateException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void decide(Decide d) {
        Block block = block(d.height(), d.blockId());
        if (block == null) {
            // Not reachable through the engine (it decides only blocks validated here), but if it were: sync brings
            // the block, and onChainAdvanced moves on, since this height does not count as decided by us.
            LOG.warn("consensus: decided block {} at height {} without holding it; waiting for sync",
                    d.blockId().shortString(), d.height());
            return;
        }
        lastDecidedHeight = d.height();
        lastDecidedRound = d.round();
        if (chain.commit(block, d.commitCertificate())) {
            // Empty round-0 blocks every second would flood the log: those at debug, and once a minute.
            boolean notable = !block.transactions().isEmpty() || d.round() > 0 || d.height() % 60 == 0;
            String line = "consensus: committed block {} hash={} round={} txs={} signatures={}";
            Object[] args = {d.height(), block.hash(), d.round(), block.transactions().size(),
                d.commitCertificate().signatures().size()};
            if (notable) {
                LOG.info(line, args);
            } else {
                LOG.debug(line, args);
            }
        }
        long delay = Math.max(0, heightStartedAt + blockTime.toMillis() - loop.nowMillis());
        long next = d.height() + 1;
        loop.schedule(Duration.ofMillis(delay), () -> startHeight(next));
    }

    private void rebroadcast() {
        try {
            for (ConsensusAction action : engine.messagesForRebroadcast()) {
                switch (action) {
                    case BroadcastProposal bp -> broadcastProposal(bp.proposal());
                    case BroadcastVote bv -> network.broadcast(new VoteMessage(bv.vote()));
                    default -> { }
                }
            }
        } finally {
            loop.schedule(REBROADCAST_INTERVAL, this::rebroadcast);
        }
    }
}
