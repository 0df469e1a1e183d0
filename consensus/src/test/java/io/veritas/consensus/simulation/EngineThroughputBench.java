package io.veritas.consensus.simulation;

import io.veritas.consensus.engine.ConsensusAction;
import io.veritas.consensus.engine.ConsensusAction.BroadcastProposal;
import io.veritas.consensus.engine.ConsensusAction.BroadcastVote;
import io.veritas.consensus.engine.ConsensusAction.Decide;
import io.veritas.consensus.engine.ConsensusAction.RequestProposalBlock;
import io.veritas.consensus.engine.ConsensusAction.RequestValidation;
import io.veritas.consensus.engine.EngineConfig;
import io.veritas.consensus.engine.TendermintEngine;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Proposal;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.signing.InMemoryVoteRecordStore;
import io.veritas.consensus.signing.SignedVoteGuard;
import io.veritas.consensus.signing.Signer;
import io.veritas.consensus.testing.TestKeys;
import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorAddress;
import io.veritas.consensus.validator.ValidatorSet;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual benchmark (not a test): N engines in one thread, instant lossless delivery, the cheap test MAC as the
 * signature (so this measures the engine, not secp256k1). Prints heights/s and engine calls/s.
 * Run: java -cp ... io.veritas.consensus.simulation.EngineThroughputBench 4 20000
 */
final class EngineThroughputBench {

    private EngineThroughputBench() {}

    private record Delivery(int to, Object message) {}

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int heights = Integer.parseInt(args[1]);
        for (int pass = 0; pass < 2; pass++) { // first pass warms up the JIT
            run(n, heights, pass == 1);
        }
    }

    private static void run(int n, int heights, boolean print) {
        TestKeys keys = new TestKeys();
        List<Validator> members = new ArrayList<>();
        List<Signer> signers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] a = new byte[20];
            a[0] = (byte) (i + 1);
            signers.add(keys.add(new ValidatorAddress(a), i));
            members.add(new Validator(new ValidatorAddress(a), 1));
        }
        ValidatorSet set = ValidatorSet.of(1, members);
        List<TendermintEngine> engines = new ArrayList<>();
        ArrayDeque<Delivery> queue = new ArrayDeque<>();
        ArrayDeque<Runnable> local = new ArrayDeque<>();
        for (Signer s : signers) {
            engines.add(TendermintEngine.validator(EngineConfig.defaults(1), keys,
                    new SignedVoteGuard(s, new InMemoryVoteRecordStore(), 1)));
        }
        long calls = 0;
        long start = System.nanoTime();
        for (long h = 1; h <= heights; h++) {
            for (int i = 0; i < n; i++) {
                handle(i, engines, engines.get(i).startHeight(h, set), queue, local);
            }
            int decided = 0;
            while (decided < n) {
                if (!local.isEmpty()) {
                    local.poll().run();
                    calls++;
                    continue;
                }
                Delivery d = queue.poll();
                if (d == null) {
                    throw new IllegalStateException("stalled at height " + h);
                }
                TendermintEngine e = engines.get(d.to);
                List<ConsensusAction> out = d.message instanceof Vote v ? e.onVote(v) : e.onProposal((Proposal) d.message);
                calls++;
                handle(d.to, engines, out, queue, local);
                decided = 0;
                for (TendermintEngine x : engines) {
                    decided += x.isDecided() ? 1 : 0;
                }
            }
            queue.clear();
            set = set.nextHeight();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (print) {
            System.out.printf("N=%d heights=%d time=%.2fs heights/s=%.0f engine calls/s=%.0f%n", n, heights, seconds,
                    heights / seconds, calls / seconds);
        }
    }

    private static void handle(int from, List<TendermintEngine> engines, List<ConsensusAction> actions,
            ArrayDeque<Delivery> queue, ArrayDeque<Runnable> local) {
        TendermintEngine e = engines.get(from);
        for (ConsensusAction a : actions) {
            switch (a) {
                case BroadcastVote bv -> broadcast(from, engines.size(), bv.vote(), queue);
                case BroadcastProposal bp -> broadcast(from, engines.size(), bp.proposal(), queue);
                case RequestValidation rv -> local.add(() ->
                        handle(from, engines, e.onBlockValidated(rv.height(), rv.blockId(), true), queue, local));
                case RequestProposalBlock rp -> local.add(() -> handle(from, engines,
                        e.onProposalBlock(rp.height(), rp.round(),
                                BlockId.of(ByteBuffer.allocate(32).putLong(rp.height()).array())), queue, local));
                case Decide d -> { }
                default -> { }
            }
        }
    }

    private static void broadcast(int from, int n, Object message, ArrayDeque<Delivery> queue) {
        for (int to = 0; to < n; to++) {
            if (to != from) {
                queue.add(new Delivery(to, message));
            }
        }
    }
}
