package io.veritas.consensus.evidence;

import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.VoteVerifier;
import io.veritas.consensus.staking.StakingModule;
import io.veritas.consensus.validator.ValidatorAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;

/**
 * Double-sign evidence waiting to be included in a block: from the local engine ({@code ConsensusAction.Evidence})
 * and from gossip. It keeps one piece of evidence per validator and height (the staking module slashes once per
 * height), checks on the way in that the signer was a validator of that height and both signatures (so no one can
 * fill it with evidence against throwaway keys), forgets what expired ({@code maxAgeBlocks}, the staking module's
 * {@code evidenceMaxAgeBlocks}) or was committed, and gives the proposer of each block a bounded list of
 * {@link ProtocolCall}s, oldest first (closest to expiring).
 *
 * <p>Holds no I/O; the node feeds it heights and committed blocks. Thread-safe (gossip validators add from their own
 * threads).
 */
public final class EvidencePool {

    /** Why {@link #add} took or refused a piece of evidence; {@link #gossipVerdict()} maps it to gossip validation. */
    public enum AddResult {
        ADDED,
        /** The same evidence, or other evidence of the same validator and height, is already pending or committed. */
        DUPLICATE,
        /** Older than the evidence window: no block may include it any more. */
        EXPIRED,
        /** For a height after the one this node is deciding: the sender may be ahead; not kept. */
        FUTURE,
        /** The signer was not in the validator set of that height: no slashable offence, and free to fabricate. */
        NOT_A_VALIDATOR,
        /** A vote is not signed by the validator it names, for this chain. */
        BAD_SIGNATURE,
        /** The pool holds its maximum; the evidence may come again later. */
        FULL;

        /** ACCEPT (forward) only what was added; REJECT (penalise the sender) only forged or impossible evidence. */
        public GossipVerdict gossipVerdict() {
            return switch (this) {
                case ADDED -> GossipVerdict.ACCEPT;
                case BAD_SIGNATURE, NOT_A_VALIDATOR -> GossipVerdict.REJECT;
                default -> GossipVerdict.IGNORE;
            };
        }
    }

    /** What a gossip validator answers for a received evidence message. */
    public enum GossipVerdict { ACCEPT, IGNORE, REJECT }

    /**
     * Whether an address was in the validator set of a height (the node answers from the staking state, e.g.
     * {@code StakedValidatorSchedule.stakedAt(h, …).contains(a)}); asked only for heights up to the current one.
     */
    @FunctionalInterface
    public interface ValidatorMembership {
        boolean wasValidator(ValidatorAddress validator, long height);
    }

    private record Key(ValidatorAddress validator, long height) {}

    private final long chainId;
    private final VoteVerifier verifier;
    private final ValidatorMembership membership;
    private final long maxAgeBlocks;
    private final int maxPending;
    private final Map<Key, DoubleSignEvidence> pending = new HashMap<>();
    /** Committed evidence (validator, height) by the height it was for, kept until it could no longer be included. */
    private final TreeMap<Long, List<Key>> committedByHeight = new TreeMap<>();
    private final Set<Key> committed = new HashSet<>();

    /**
     * @param maxAgeBlocks the staking module's {@code evidenceMaxAgeBlocks}: evidence for height h may be included in
     *                     blocks h .. h + maxAgeBlocks
     * @param maxPending   most pieces of evidence kept at once
     */
    /**
     * A pool that does not check validator membership on the way in: evidence against keys that were never
     * validators is only dropped when the block builder leaves it out. Prefer the constructor with a
     * {@link ValidatorMembership}; this one exists for nodes that have not wired it yet.
     */
    public EvidencePool(long chainId, VoteVerifier verifier, long maxAgeBlocks, int maxPending) {
        this(chainId, verifier, (validator, height) -> true, maxAgeBlocks, maxPending);
    }

    public EvidencePool(long chainId, VoteVerifier verifier, ValidatorMembership membership, long maxAgeBlocks, int maxPending) {
        this.chainId = chainId;
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.membership = Objects.requireNonNull(membership, "membership");
        if (maxAgeBlocks < 1 || maxPending < 1) {
            throw new IllegalArgumentException("maxAgeBlocks and maxPending must be positive, got " + maxAgeBlocks + " and " + maxPending);
        }
        this.maxAgeBlocks = maxAgeBlocks;
        this.maxPending = maxPending;
    }

    /**
     * Adds evidence seen while the chain works on {@code currentHeight} (the next block to be decided).
     */
    public synchronized AddResult add(DoubleSignEvidence evidence, long currentHeight) {
        Key key = new Key(evidence.validator(), evidence.height());
        if (evidence.height() > currentHeight) {
            return AddResult.FUTURE;
        }
        if (isExpired(evidence.height(), currentHeight)) {
            return AddResult.EXPIRED;
        }
        if (pending.containsKey(key) || committed.contains(key)) {
            return AddResult.DUPLICATE;
        }
        if (evidence.height() < 1 || !membership.wasValidator(evidence.validator(), evidence.height())) {
            return AddResult.NOT_A_VALIDATOR;
        }
        if (!evidence.verify(chainId, verifier)) {
            return AddResult.BAD_SIGNATURE;
        }
        if (pending.size() >= maxPending) {
            return AddResult.FULL;
        }
        pending.put(key, evidence);
        return AddResult.ADDED;
    }

    /**
     * The evidence calls for the proposer of block {@code height}: at most {@code max}, for heights up to
     * {@code height} still inside the window, lowest height first (then by evidence hash, so every node with the same
     * pool proposes the same list). Expired evidence is dropped on the way.
     */
    public synchronized List<ProtocolCall> proposalCalls(long height, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
        dropExpired(height);
        return pending.values().stream()
                .filter(e -> e.height() <= height)
                .sorted(Comparator.comparingLong(DoubleSignEvidence::height).thenComparing(DoubleSignEvidence::hash))
                .limit(max)
                .map(StakingModule::evidenceCall)
                .toList();
    }

    /**
     * Forgets what block {@code height} included (its EVIDENCE transactions to the staking module) and what has
     * expired by the next height; later copies of the same evidence are then {@link AddResult#DUPLICATE}.
     */
    public synchronized void onBlockCommitted(long height, List<? extends Transaction> transactions) {
        for (Transaction tx : transactions) {
            if (tx instanceof ProtocolTransaction p && p.type() == ProtocolTransaction.EVIDENCE && p.target().equals(StakingModule.ADDRESS)) {
                StakingModule.evidenceIn(p.data()).ifPresent(e -> {
                    Key key = new Key(e.validator(), e.height());
                    pending.remove(key);
                    if (committed.add(key)) {
                        committedByHeight.computeIfAbsent(e.height(), h -> new ArrayList<>()).add(key);
                    }
                });
            }
        }
        dropExpired(height + 1);
    }

    /**
     * Drops evidence this node offered for its own block but the block builder left out: its call reverted (already
     * processed, not a validator at that height, the only validator…), and none of those reasons goes away later.
     */
    public synchronized void discardLeftOut(List<ProtocolCall> offered, List<? extends Transaction> builtBlock) {
        Set<Bytes> included = new HashSet<>();
        for (Transaction tx : builtBlock) {
            if (tx instanceof ProtocolTransaction p && p.type() == ProtocolTransaction.EVIDENCE) {
                included.add(p.data());
            }
        }
        for (ProtocolCall call : offered) {
            if (!included.contains(call.data())) {
                StakingModule.evidenceIn(call.data()).ifPresent(e -> pending.remove(new Key(e.validator(), e.height())));
            }
        }
    }

    public synchronized int size() {
        return pending.size();
    }

    public synchronized boolean contains(DoubleSignEvidence evidence) {
        return evidence.equals(pending.get(new Key(evidence.validator(), evidence.height())));
    }

    private boolean isExpired(long evidenceHeight, long height) {
        return height - evidenceHeight > maxAgeBlocks;
    }

    private void dropExpired(long height) {
        pending.values().removeIf(e -> isExpired(e.height(), height));
        for (Iterator<Map.Entry<Long, List<Key>>> it = committedByHeight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, List<Key>> entry = it.next();
            if (!isExpired(entry.getKey(), height)) {
                break; // ascending heights: the rest are younger
            }
            entry.getValue().forEach(committed::remove);
            it.remove();
        }
    }
}
