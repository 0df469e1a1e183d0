package io.veritas.consensus.simulation;

import io.veritas.consensus.engine.ConsensusAction;
import io.veritas.consensus.engine.ConsensusAction.BroadcastProposal;
import io.veritas.consensus.engine.ConsensusAction.BroadcastVote;
import io.veritas.consensus.engine.ConsensusAction.Decide;
import io.veritas.consensus.engine.ConsensusAction.Evidence;
import io.veritas.consensus.engine.ConsensusAction.RequestProposalBlock;
import io.veritas.consensus.engine.ConsensusAction.RequestValidation;
import io.veritas.consensus.engine.ConsensusAction.ScheduleTimeout;
import io.veritas.consensus.engine.EngineConfig;
import io.veritas.consensus.engine.TendermintEngine;
import io.veritas.consensus.engine.TimeoutConfig;
import io.veritas.consensus.engine.TimeoutKind;
import io.veritas.consensus.message.BlockId;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.InvalidCommitCertificateException;
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
import io.veritas.consensus.validator.ValidatorChange;
import io.veritas.consensus.validator.ValidatorSet;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * One deterministic run of N engines on a simulated network in virtual time (milliseconds). Everything random
 * comes from one seeded generator, and all collections that drive event order are ordered, so a seed replays
 * exactly. Faults happen in a chaos window [0, healAt): message drops, long random delays (reordering),
 * partitions, crash/restart of honest nodes (restarting from their vote records and committed blocks). Byzantine
 * nodes (at most f) equivocate or vote for invalid blocks for the whole run. After healAt the network delivers every
 * message within 30 ms and all honest nodes are up.
 *
 * <p>Checked while running: no two different blocks committed at one height (safety), every commit certificate
 * verifies, and evidence is produced for every equivocation an honest engine received at its current height.
 * {@link #run()} returns the outcome; the caller checks liveness.
 */
final class Simulation {

    static final long CHAIN_ID = 7358;

    enum Byzantine {
        EQUIVOCATE,
        INVALID_BLOCKS
    }

    record Outcome(boolean live, long finishedAt, String decisionLogHash, List<String> violations, int evidenceFound,
            int equivocationsSeen, int crashes, int syncs, int maxRound, long deliveries, String nodeStates) {}

    private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event o) {
            int c = Long.compare(time, o.time);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private record Partition(long from, long to, long groupMask) {}

    private record Committed(BlockId blockId, CommitCertificate certificate) {}

    private record EquivocationKey(int node, int incarnation, ValidatorAddress validator, long height, int round,
            VoteType type) {}

    private final class Node {
        final int id;
        final ValidatorAddress address;
        final Signer signer;
        final InMemoryVoteRecordStore disk = new InMemoryVoteRecordStore();
        final Byzantine byzantine;
        final TreeMap<Long, BlockId> committed = new TreeMap<>();
        TendermintEngine engine;
        boolean alive = true;
        int incarnation;
        boolean startPending;

        Node(int id, ValidatorAddress address, Signer signer, Byzantine byzantine) {
            this.id = id;
            this.address = address;
            this.signer = signer;
            this.byzantine = byzantine;
        }

        long nextHeight() {
            return committed.isEmpty() ? 1 : committed.lastKey() + 1;
        }
    }

    private final long seed;
    private final SplittableRandom rnd;
    private final int n;
    /** Heights every honest node must commit after the heal, beyond the highest height committed before it. */
    private static final int HEIGHTS_AFTER_HEAL = 3;
    private long targetHeight = Long.MAX_VALUE;
    private final long healAt;
    private final long livenessBound;
    private final double dropProbability;
    private final long maxChaosDelay;
    private final List<Partition> partitions = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final TestKeys keys = new TestKeys();
    private final EngineConfig config;
    private final List<ValidatorSet> setByHeight = new ArrayList<>();
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private long now;
    private long seq;

    private final Map<Long, Committed> commits = new HashMap<>();
    private final Set<BlockId> invalidBlocks = new HashSet<>();
    private final Map<EquivocationKey, Set<BlockId>> seenVotes = new HashMap<>();
    private final Set<EquivocationKey> expectedEvidence = new HashSet<>();
    private final Set<EquivocationKey> producedEvidence = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private final MessageDigest decisionLog;
    private int crashes;
    private int syncs;
    private int maxRound;
    private long deliveries;
    private long blockCounter;

    Simulation(long seed, int n) {
        this.seed = seed;
        this.n = n;
        this.rnd = new SplittableRandom(seed);
        try {
            this.decisionLog = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        this.config = EngineConfig.defaults(CHAIN_ID).withTimeouts(new TimeoutConfig(Duration.ofMillis(200),
                Duration.ofMillis(100), Duration.ofMillis(100), Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(50)));

        int f = (n - 1) / 3;
        int byzantineCount = rnd.nextInt(f + 1);
        this.healAt = 1_000 + rnd.nextLong(9_000);
        this.livenessBound = 30_000;
        double[] drops = {0, 0.05, 0.2, 0.4};
        this.dropProbability = drops[rnd.nextInt(drops.length)];
        this.maxChaosDelay = 10 + rnd.nextLong(300);

        // Faulty validators get power 1, honest ones 1..3 (N > 4): faulty power stays below 1/3.
        List<Validator> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean byz = i >= n - byzantineCount;
            byte[] addr = new byte[20];
            addr[0] = (byte) (i + 1);
            addr[19] = (byte) rnd.nextInt(256);
            ValidatorAddress address = new ValidatorAddress(addr);
            Byzantine behaviour = byz ? Byzantine.values()[rnd.nextInt(Byzantine.values().length)] : null;
            Node node = new Node(i, address, keys.add(address, rnd.nextLong()), behaviour);
            nodes.add(node);
            long power = (byz || n <= 4) ? 1 : 1 + rnd.nextInt(3);
            members.add(new Validator(address, power));
        }
        setByHeight.add(null); // heights start at 1
        setByHeight.add(ValidatorSet.of(1, members));

        if (rnd.nextBoolean()) {
            int count = 1 + rnd.nextInt(3);
            for (int i = 0; i < count; i++) {
                long from = rnd.nextLong(healAt);
                long to = Math.min(healAt, from + 200 + rnd.nextLong(3_000));
                long mask = 1 + rnd.nextLong((1L << n) - 2); // a proper, non-empty subset
                partitions.add(new Partition(from, to, mask));
            }
        }
        if (rnd.nextBoolean()) {
            int count = 1 + rnd.nextInt(2);
            for (int i = 0; i < count; i++) {
                Node victim = nodes.get(rnd.nextInt(n - byzantineCount));
                long down = rnd.nextLong(healAt);
                long up = Math.min(healAt, down + 100 + rnd.nextLong(2_000));
                at(down, () -> crash(victim));
                at(up, () -> restart(victim));
            }
        }
    }

    Outcome run() {
        for (Node node : nodes) {
            node.engine = newEngine(node);
            apply(node, node.engine.startHeight(1, validatorsAt(1)));
            scheduleRebroadcast(node);
        }
        at(healAt, () -> {
            long highest = 0;
            for (Node node : nodes) {
                restart(node);
                highest = Math.max(highest, node.nextHeight() - 1);
            }
            targetHeight = highest + HEIGHTS_AFTER_HEAL;
        });
        long deadline = healAt + livenessBound;
        while (!queue.isEmpty() && violations.isEmpty()) {
            Event e = queue.poll();
            if (e.time > deadline) {
                break;
            }
            now = e.time;
            e.action.run();
            if (allHonestReached(targetHeight)) {
                break;
            }
        }
        for (EquivocationKey k : expectedEvidence) {
            if (!producedEvidence.contains(k)) {
                violations.add("no evidence at node " + k.node + " for equivocation by " + k.validator + " at height "
                        + k.height + " round " + k.round + " " + k.type);
            }
        }
        boolean live = allHonestReached(targetHeight);
        return new Outcome(live, now, HexFormat.of().formatHex(decisionLog.digest()), violations,
                producedEvidence.size(), expectedEvidence.size(), crashes, syncs, maxRound, deliveries, nodeStates());
    }

    /** One line per node, for failure messages. */
    String nodeStates() {
        StringBuilder sb = new StringBuilder();
        for (Node node : nodes) {
            sb.append("\n  node ").append(node.id).append(node.byzantine == null ? "" : " " + node.byzantine)
                    .append(node.alive ? "" : " DOWN").append(" committed=").append(node.committed.keySet());
            if (node.engine != null) {
                sb.append(" h=").append(node.engine.height()).append(" r=").append(node.engine.round())
                        .append(" ").append(node.engine.step()).append(" locked=").append(node.engine.lockedRound())
                        .append(" decided=").append(node.engine.isDecided());
            }
        }
        return sb.toString();
    }

    long healAt() {
        return healAt;
    }

    /**
     * The validator set of each height. Every third height an honest validator gains one unit of power (a validator
     * set change, as staking would make), so byzantine power stays below 1/3; the choice depends only on the seed and
     * the height.
     */
    private ValidatorSet validatorsAt(long height) {
        while (setByHeight.size() <= height) {
            long next = setByHeight.size();
            ValidatorSet previous = setByHeight.getLast();
            if (next % 3 == 0) {
                List<Node> honest = nodes.stream().filter(x -> x.byzantine == null).toList();
                Node chosen = honest.get(new SplittableRandom(seed * 1_000_003 + next).nextInt(honest.size()));
                long power = previous.votingPower(previous.indexOf(chosen.address).orElseThrow());
                setByHeight.add(previous.nextHeight(List.of(new ValidatorChange(chosen.address, power + 1))));
            } else {
                setByHeight.add(previous.nextHeight());
            }
        }
        return setByHeight.get((int) height);
    }

    private boolean allHonestReached(long height) {
        if (height == Long.MAX_VALUE) {
            return false;
        }
        for (Node node : nodes) {
            if (node.byzantine == null && (!node.committed.containsKey(height))) {
                return false;
            }
        }
        return true;
    }

    private TendermintEngine newEngine(Node node) {
        return TendermintEngine.validator(config, keys, new SignedVoteGuard(node.signer, node.disk, CHAIN_ID));
    }

    // ---------------------------------------------------------------- events

    private void at(long time, Runnable action) {
        queue.add(new Event(time, seq++, action));
    }

    private void crash(Node node) {
        if (!node.alive) {
            return;
        }
        node.alive = false;
        node.incarnation++;
        node.engine = null;
        crashes++;
    }

    private void restart(Node node) {
        if (node.alive) {
            return;
        }
        node.alive = true;
        node.engine = newEngine(node);
        node.startPending = false;
        long h = node.nextHeight();
        apply(node, node.engine.startHeight(h, validatorsAt(h)));
        scheduleRebroadcast(node);
    }

    private void scheduleRebroadcast(Node node) {
        int incarnation = node.incarnation;
        at(now + 500 + rnd.nextLong(500), () -> {
            if (node.alive && node.incarnation == incarnation) {
                if (node.byzantine == null) {
                    for (ConsensusAction a : node.engine.messagesForRebroadcast()) {
                        send(node, a instanceof BroadcastVote bv ? bv.vote() : ((BroadcastProposal) a).proposal());
                    }
                }
                scheduleRebroadcast(node);
            }
        });
    }

    // ---------------------------------------------------------------- network

    private void send(Node from, Object message) {
        for (Node to : nodes) {
            if (to != from) {
                sendTo(from, to, message);
            }
        }
    }

    private void sendTo(Node from, Node to, Object message) {
        long delay;
        if (now < healAt) {
            if (rnd.nextDouble() < dropProbability || partitioned(from, to)) {
                return;
            }
            delay = 1 + rnd.nextLong(maxChaosDelay);
        } else {
            delay = 1 + rnd.nextLong(30);
        }
        at(now + delay, () -> deliver(to, message));
    }

    private boolean partitioned(Node a, Node b) {
        for (Partition p : partitions) {
            if (now >= p.from && now < p.to && (((p.groupMask >> a.id) & 1) != ((p.groupMask >> b.id) & 1))) {
                return true;
            }
        }
        return false;
    }

    private void deliver(Node to, Object message) {
        if (!to.alive) {
            return;
        }
        deliveries++;
        if (trace != null) {
            trace.println(now + " node " + to.id + " <- " + message + " (at h=" + to.engine.height() + " r="
                    + to.engine.round() + " " + to.engine.step() + ")");
        }
        long messageHeight = message instanceof Vote v ? v.height() : ((Proposal) message).height();
        if (messageHeight > to.engine.height() && to.byzantine == null) {
            syncFromPeers(to);
        }
        if (message instanceof Vote v) {
            noteVoteForEvidence(to, v);
            apply(to, to.engine.onVote(v));
        } else {
            apply(to, to.engine.onProposal((Proposal) message));
        }
    }

    /** Records conflicting votes an honest engine receives at its current height and round window. */
    private void noteVoteForEvidence(Node to, Vote v) {
        if (to.byzantine != null || v.height() != to.engine.height() || v.round() > to.engine.round() + 1) {
            return;
        }
        EquivocationKey key = new EquivocationKey(to.id, to.incarnation, v.validator(), v.height(), v.round(),
                v.type());
        Set<BlockId> seen = seenVotes.computeIfAbsent(key, k -> new HashSet<>());
        if (seen.add(v.blockId()) && seen.size() == 2) {
            expectedEvidence.add(key);
        }
    }

    /** Block sync: commit every height a peer has a verified commit certificate for, then move on. */
    private void syncFromPeers(Node node) {
        while (true) {
            long h = node.engine.height();
            Committed c = commits.get(h);
            if (c == null || node.committed.containsKey(h)) {
                return;
            }
            try {
                CommitCertificates.verify(c.certificate, validatorsAt(h), CHAIN_ID, keys);
            } catch (InvalidCommitCertificateException e) {
                violations.add("seed " + seed + ": certificate for height " + h + " rejected by sync: " + e.getMessage());
                return;
            }
            syncs++;
            commit(node, h, c.blockId, c.certificate, "sync");
            node.startPending = false;
            apply(node, node.engine.startHeight(h + 1, validatorsAt(h + 1)));
        }
    }

    // ---------------------------------------------------------------- engine actions

    java.io.PrintStream trace;

    private void apply(Node node, List<ConsensusAction> actions) {
        int incarnation = node.incarnation;
        for (ConsensusAction action : actions) {
            if (trace != null) {
                trace.println(now + " node " + node.id + " -> " + action);
            }
            switch (action) {
                case BroadcastProposal bp -> broadcastProposal(node, bp.proposal());
                case BroadcastVote bv -> broadcastVote(node, bv.vote());
                case ScheduleTimeout st -> {
                    maxRound = Math.max(maxRound, st.round());
                    at(now + st.duration().toMillis(), () -> {
                        if (node.alive && node.incarnation == incarnation) {
                            apply(node, node.engine.onTimeout(st.kind(), st.height(), st.round()));
                        }
                    });
                }
                case RequestValidation rv -> at(now + 1 + rnd.nextLong(20), () -> {
                    if (node.alive && node.incarnation == incarnation) {
                        apply(node, node.engine.onBlockValidated(rv.height(), rv.blockId(),
                                !invalidBlocks.contains(rv.blockId())));
                    }
                });
                case RequestProposalBlock rp -> at(now + 1 + rnd.nextLong(5), () -> {
                    if (node.alive && node.incarnation == incarnation) {
                        BlockId block = freshBlock(node.byzantine == Byzantine.INVALID_BLOCKS);
                        apply(node, node.engine.onProposalBlock(rp.height(), rp.round(), block));
                    }
                });
                case Decide d -> {
                    try {
                        CommitCertificates.verify(d.commitCertificate(), validatorsAt(d.height()), CHAIN_ID, keys);
                    } catch (InvalidCommitCertificateException e) {
                        violations.add("seed " + seed + ": node " + node.id + " decided with a bad certificate: "
                                + e.getMessage());
                    }
                    commit(node, d.height(), d.blockId(), d.commitCertificate(), "decide r" + d.round());
                    node.startPending = true;
                    at(now + 1, () -> {
                        if (node.alive && node.incarnation == incarnation && node.startPending) {
                            node.startPending = false;
                            long next = d.height() + 1;
                            apply(node, node.engine.startHeight(next, validatorsAt(next)));
                        }
                    });
                }
                case Evidence ev -> {
                    Vote a = ev.evidence().voteA();
                    producedEvidence.add(new EquivocationKey(node.id, incarnation, a.validator(), a.height(),
                            a.round(), a.type()));
                    if (!ev.evidence().verify(CHAIN_ID, keys)) {
                        violations.add("seed " + seed + ": evidence with bad signatures " + ev.evidence());
                    }
                }
                case ConsensusAction.SigningRefused sr -> {
                    // Expected after restarts (e.g. the restored round's step was already signed); not a failure.
                }
            }
        }
    }

    private void commit(Node node, long height, BlockId blockId, CommitCertificate cert, String how) {
        Committed previous = commits.putIfAbsent(height, new Committed(blockId, cert));
        if (previous != null && !previous.blockId.equals(blockId)) {
            violations.add("seed " + seed + ": SAFETY: height " + height + " committed " + previous.blockId
                    + " and " + blockId + " (node " + node.id + ", " + how + ")");
        }
        if (invalidBlocks.contains(blockId)) {
            violations.add("seed " + seed + ": invalid block " + blockId + " committed at height " + height);
        }
        node.committed.put(height, blockId);
        String line = now + " " + node.id + " " + height + " " + blockId + " " + how + "\n";
        decisionLog.update(line.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private BlockId freshBlock(boolean invalid) {
        byte[] id = ByteBuffer.allocate(32).putLong(rnd.nextLong()).putLong(seed).putLong(++blockCounter).array();
        BlockId block = BlockId.of(id);
        if (invalid) {
            invalidBlocks.add(block);
        }
        return block;
    }

    /** What an equivocating proposer told whom in one round: the second block and the peers that got it. */
    private record Split(BlockId second, long secondMask) {}

    private final Map<String, Split> splits = new HashMap<>();

    private static String roundKey(Node node, long height, int round) {
        return node.id + "/" + height + "/" + round;
    }

    private void broadcastProposal(Node node, Proposal p) {
        if (node.byzantine == Byzantine.EQUIVOCATE) {
            // Two proposals for one round, each to a random share of the peers; its votes follow the same split.
            BlockId other = freshBlock(false);
            Proposal p2 = new Proposal(p.height(), p.round(), other, p.validRound(), p.proposer(),
                    node.signer.sign(SignBytes.proposal(CHAIN_ID, p.height(), p.round(), other, p.validRound())));
            long mask = 0;
            for (Node to : nodes) {
                if (to != node && rnd.nextBoolean()) {
                    mask |= 1L << to.id;
                }
            }
            splits.put(roundKey(node, p.height(), p.round()), new Split(other, mask));
            for (Node to : nodes) {
                if (to != node) {
                    sendTo(node, to, ((mask >> to.id) & 1) == 1 ? p2 : p);
                }
            }
            return;
        }
        send(node, p);
    }

    private void broadcastVote(Node node, Vote v) {
        if (node.byzantine == Byzantine.EQUIVOCATE) {
            Split split = splits.get(roundKey(node, v.height(), v.round()));
            if (split != null && !v.blockId().isNil()) {
                // As this round's proposer: vote each side's block to that side, so both halves see support for
                // "their" value.
                Vote v2 = resign(node, v, split.second());
                for (Node to : nodes) {
                    if (to != node) {
                        boolean second = ((split.secondMask() >> to.id) & 1) == 1;
                        sendTo(node, to, second ? v2 : v);
                        if (rnd.nextInt(4) == 0) {
                            sendTo(node, to, second ? v : v2); // some peers also see the other one
                        }
                    }
                }
                return;
            }
            BlockId other = v.blockId().isNil() ? freshBlock(false) : BlockId.NIL;
            Vote v2 = resign(node, v, other);
            for (Node to : nodes) {
                if (to != node) {
                    switch (rnd.nextInt(3)) {
                        case 0 -> sendTo(node, to, v);
                        case 1 -> sendTo(node, to, v2);
                        default -> {
                            sendTo(node, to, v);
                            sendTo(node, to, v2);
                        }
                    }
                }
            }
            return;
        }
        if (node.byzantine == Byzantine.INVALID_BLOCKS) {
            send(node, resign(node, v, freshBlock(true)));
            return;
        }
        send(node, v);
    }

    private Vote resign(Node node, Vote v, BlockId blockId) {
        byte[] sig = node.signer.sign(SignBytes.vote(CHAIN_ID, v.type(), v.height(), v.round(), blockId));
        return new Vote(v.type(), v.height(), v.round(), blockId, v.validator(), sig);
    }
}
