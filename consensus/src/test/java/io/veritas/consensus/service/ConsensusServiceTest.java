package io.veritas.consensus.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.consensus.engine.EngineConfig;
import io.veritas.consensus.engine.TimeoutConfig;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.InvalidCommitCertificateException;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.service.ConsensusMessage.ProposalMessage;
import io.veritas.consensus.service.ConsensusMessage.VoteMessage;
import io.veritas.consensus.service.ConsensusService.Verdict;
import io.veritas.consensus.signing.InMemoryVoteRecordStore;
import io.veritas.consensus.signing.Secp256k1Signer;
import io.veritas.consensus.signing.SignedVoteGuard;
import io.veritas.consensus.validator.Validator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

/**
 * Four drivers with real secp256k1 keys on one virtual-time loop, wired by an in-memory gossip network that sends
 * every message through its wire form with a seeded 5-40 ms delay; lagging nodes sync finalized blocks from a peer
 * once a second, as the node's range sync does.
 */
class ConsensusServiceTest {

    private static final long CHAIN_ID = 7358;
    private static final Duration BLOCK_TIME = Duration.ofSeconds(1);
    private static final TimeoutConfig TIMEOUTS = new TimeoutConfig(Duration.ofMillis(600), Duration.ofMillis(200),
            Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(100));

    private final VirtualTimeLoop loop = new VirtualTimeLoop();
    private final Random random = new Random(42);
    private final Secp256k1VoteVerifier verifier = new Secp256k1VoteVerifier();
    private final List<KeyPair> keys = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final ValidatorSchedule schedule;

    /** One validator: its chain and vote records survive a crash, its service does not. */
    private final class Node {
        final int id;
        final MemoryChain chain = new MemoryChain(loop::nowMillis);
        final InMemoryVoteRecordStore votes = new InMemoryVoteRecordStore();
        ConsensusService service;
        boolean alive;
        int incarnation;

        Node(int id) {
            this.id = id;
        }

        void start() {
            alive = true;
            int inc = ++incarnation;
            EventLoop own = new EventLoop() {
                @Override
                public void execute(Runnable task) {
                    loop.execute(() -> runIfCurrent(inc, task));
                }

                @Override
                public void schedule(Duration delay, Runnable task) {
                    loop.schedule(delay, () -> runIfCurrent(inc, task));
                }

                @Override
                public long nowMillis() {
                    return loop.nowMillis();
                }
            };
            SignedVoteGuard guard = new SignedVoteGuard(new Secp256k1Signer(keys.get(id)), votes, CHAIN_ID);
            service = new ConsensusService(EngineConfig.defaults(CHAIN_ID).withTimeouts(TIMEOUTS), verifier, guard,
                    schedule, chain, message -> gossip(this, message), own, BLOCK_TIME);
            chain.onCommit = service::onChainAdvanced;
            service.start();
        }

        private void runIfCurrent(int inc, Runnable task) {
            if (alive && incarnation == inc) {
                task.run();
            }
        }
    }

    ConsensusServiceTest() {
        List<Validator> validators = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            KeyPair key = KeyPair.fromSecret(Bytes32.leftPad(Bytes.of(i + 1)));
            keys.add(key);
            validators.add(new Validator(CommitCertificates.validator(key.address()), 10));
            nodes.add(new Node(i));
        }
        schedule = new ValidatorSchedule(validators);
    }

    private void gossip(Node from, ConsensusMessage message) {
        // Through the wire form, as the network carries it.
        ConsensusMessage decoded = switch (message) {
            case VoteMessage vm -> ConsensusMessages.decodeVote(ConsensusMessages.encodeVote(vm.vote(), 1));
            case ProposalMessage pm -> ConsensusMessages.decodeProposal(ConsensusMessages.encodeProposal(pm, 1), 1 << 20);
        };
        assertEquals(message, decoded);
        for (Node to : nodes) {
            if (to != from) {
                loop.schedule(Duration.ofMillis(5 + random.nextInt(36)), () -> {
                    if (to.alive && to.service.check(decoded) == Verdict.ACCEPT) {
                        to.service.submit(decoded);
                    }
                });
            }
        }
    }

    private void syncEverySecond() {
        loop.schedule(Duration.ofSeconds(1), () -> {
            for (Node node : nodes) {
                if (!node.alive) {
                    continue;
                }
                for (Node peer : nodes) {
                    while (peer.alive && peer.chain.height() > node.chain.height()) {
                        long h = node.chain.height() + 1;
                        node.chain.importBlock(peer.chain.block(h), peer.chain.commitCertificate(h).orElseThrow());
                    }
                }
            }
            syncEverySecond();
        });
    }

    private boolean allAlivePast(long height) {
        return nodes.stream().filter(n -> n.alive).allMatch(n -> n.chain.height() >= height);
    }

    private void assertIdenticalVerifiedChains(long upTo) throws InvalidCommitCertificateException {
        for (long h = 1; h <= upTo; h++) {
            Block reference = nodes.get(0).chain.block(h);
            for (Node node : nodes) {
                assertEquals(reference.hash(), node.chain.block(h).hash(), "node " + node.id + " height " + h);
                CommitCertificates.verify(node.chain.commitCertificate(h).orElseThrow(), schedule.at(h), CHAIN_ID,
                        verifier);
            }
            if (h > 1) {
                CommitCertificate lastCommit = reference.lastCommit();
                assertEquals(h - 1, lastCommit.height());
                assertEquals(nodes.get(0).chain.block(h - 1).hash(), lastCommit.blockHash());
                CommitCertificates.verify(lastCommit, schedule.at(h - 1), CHAIN_ID, verifier);
            } else {
                assertTrue(reference.lastCommit().isEmpty());
            }
        }
    }

    @Test
    void fourValidatorsFinalizeIdenticalBlocksOnePerBlockTime() throws InvalidCommitCertificateException {
        nodes.forEach(Node::start);
        syncEverySecond();
        assertTrue(loop.runUntil(() -> allAlivePast(20), 60_000), "20 heights within 60 virtual seconds");
        assertIdenticalVerifiedChains(20);
        // Paced by the block time: 20 heights take at least 19 s, and not much more on a healthy network.
        assertTrue(loop.nowMillis() >= 19_000 && loop.nowMillis() <= 22_000, "took " + loop.nowMillis() + " ms");
        Set<Object> proposers = new HashSet<>();
        for (long h = 1; h <= 20; h++) {
            proposers.add(nodes.get(0).chain.block(h).header().proposer());
        }
        assertEquals(4, proposers.size(), "every validator proposes in turn");
    }

    @Test
    void threeOfFourContinueWithoutOneAndTheRestartedOneCatchesUp() throws InvalidCommitCertificateException {
        nodes.forEach(Node::start);
        syncEverySecond();
        assertTrue(loop.runUntil(() -> allAlivePast(5), 30_000));
        Node crashed = nodes.get(2);
        crashed.alive = false;
        long crashedAt = crashed.chain.height();
        assertTrue(loop.runUntil(() -> allAlivePast(crashedAt + 10), loop.nowMillis() + 60_000),
                "three of four validators keep finalizing");
        assertEquals(crashedAt, crashed.chain.height());
        crashed.start();
        long target = nodes.get(0).chain.height() + 5;
        assertTrue(loop.runUntil(() -> allAlivePast(target), loop.nowMillis() + 60_000), "restarted node catches up");
        assertIdenticalVerifiedChains(target);
    }

    @Test
    void blocksOfAProposerTheOthersFindInvalidAreNeverFinalized() throws InvalidCommitCertificateException {
        var bad = keys.get(0).address();
        for (Node node : nodes) {
            node.chain.rejectedProposer = node.id == 0 ? null : bad;
        }
        nodes.forEach(Node::start);
        syncEverySecond();
        assertTrue(loop.runUntil(() -> allAlivePast(12), 60_000));
        assertIdenticalVerifiedChains(12);
        int laterRounds = 0;
        for (long h = 1; h <= 12; h++) {
            assertTrue(!nodes.get(1).chain.block(h).header().proposer().equals(bad), "height " + h);
            laterRounds += nodes.get(1).chain.commitCertificate(h).orElseThrow().round() > 0 ? 1 : 0;
        }
        assertTrue(laterRounds >= 2, "the invalid proposer's turns end in later rounds: " + laterRounds);
    }

    @Test
    void checkAcceptsSignedMessagesAndRejectsForgedOnes() {
        nodes.get(0).start();
        assertTrue(loop.runUntil(() -> nodes.get(0).service.height() == 1, 1_000));
        ConsensusService service = nodes.get(0).service;
        Secp256k1Signer signer1 = new Secp256k1Signer(keys.get(1));
        BlockId id = BlockId.fromHex("ab".repeat(32));
        Vote good = new Vote(VoteType.PREVOTE, 1, 0, id, signer1.address(),
                signer1.sign(SignBytes.vote(CHAIN_ID, VoteType.PREVOTE, 1, 0, id)));
        assertEquals(Verdict.ACCEPT, service.check(new VoteMessage(good)));
        Vote forged = new Vote(VoteType.PREVOTE, 1, 0, BlockId.NIL, signer1.address(), good.signature());
        assertEquals(Verdict.REJECT, service.check(new VoteMessage(forged)));
        Secp256k1Signer outsider = new Secp256k1Signer(KeyPair.fromSecret(Bytes32.leftPad(Bytes.of(99))));
        Vote stranger = new Vote(VoteType.PREVOTE, 1, 0, id, outsider.address(),
                outsider.sign(SignBytes.vote(CHAIN_ID, VoteType.PREVOTE, 1, 0, id)));
        assertEquals(Verdict.REJECT, service.check(new VoteMessage(stranger)));
        Vote farFuture = new Vote(VoteType.PREVOTE, 50, 0, id, signer1.address(),
                signer1.sign(SignBytes.vote(CHAIN_ID, VoteType.PREVOTE, 50, 0, id)));
        assertEquals(Verdict.IGNORE, service.check(new VoteMessage(farFuture)));

        Block block = nodes.get(1).chain.propose(keys.get(1).address(), CommitCertificate.EMPTY);
        BlockId blockId = BlockId.of(block.hash().toArrayUnsafe());
        Proposal proposal = new Proposal(1, 0, blockId, -1, signer1.address(),
                signer1.sign(SignBytes.proposal(CHAIN_ID, 1, 0, blockId, -1)));
        assertEquals(Verdict.ACCEPT, service.check(new ProposalMessage(proposal, block)));
        Block other = nodes.get(2).chain.propose(keys.get(2).address(), CommitCertificate.EMPTY);
        assertEquals(Verdict.REJECT, service.check(new ProposalMessage(proposal, other)), "block is not the named one");
    }
}
