package io.veritas.consensus.service;

import io.veritas.consensus.staking.StakedValidatorSet;
import io.veritas.consensus.staking.StakingState;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The engine's {@link ValidatorSet} of every height for a chain whose set is kept by the staking module: height 1 gets
 * {@link ValidatorSet#of} of the genesis set; each later height h gets the previous height's set advanced once
 * ({@link ValidatorSet#nextHeight()}), with the staking changes that take effect at h applied
 * ({@link ValidatorSet#nextHeight(java.util.List)} with {@link StakedValidatorSet#changesTo}). So proposer priorities
 * are the same on every node, whatever height it starts from.
 *
 * <p>The staking module keeps every set it ever stored, so one recent committed state answers for all heights up to
 * one past its block ({@code stateBlock + 1}: the set of H+2 is stored by the first call of block H+1): {@link #at} walks forward from the nearest set it keeps
 * below the height, reading staking storage only at heights where a stored set takes effect. The most recent sets
 * asked for are kept. Thread-safe.
 */
public final class StakedValidatorSchedule {

    private static final int KEPT = 16;

    private record Entry(ValidatorSet engineSet, StakedValidatorSet stakedSet) {}

    private final StakedValidatorSet genesis;
    private final TreeMap<Long, Entry> recent = new TreeMap<>();

    /** @param genesisSet the set of height 1 (genesis' {@code initialValidatorSet()}) */
    public StakedValidatorSchedule(StakedValidatorSet genesisSet) {
        if (genesisSet.effectiveFrom() != 1) {
            throw new IllegalArgumentException("the genesis set must take effect at height 1, not " + genesisSet.effectiveFrom());
        }
        this.genesis = genesisSet;
        recent.put(1L, first());
    }

    private Entry first() {
        return new Entry(ValidatorSet.of(1, genesis.validators()), genesis);
    }

    /**
     * The engine's set of {@code height}, reading staking changes from {@code state}, the staking state after the
     * committed block {@code stateBlock}.
     *
     * @throws IllegalArgumentException when {@code height} is beyond {@code stateBlock + 1}: that state cannot know
     *                                  the set yet
     */
    public synchronized ValidatorSet at(long height, StakingState state, long stateBlock) {
        return entry(height, state, stateBlock).engineSet();
    }

    /** The staking set of {@code height} (members with VRF keys), as {@link #at} sees it. */
    public synchronized StakedValidatorSet stakedAt(long height, StakingState state, long stateBlock) {
        return entry(height, state, stateBlock).stakedSet();
    }

    private Entry entry(long height, StakingState state, long stateBlock) {
        if (height < 1) {
            throw new IllegalArgumentException("validator sets start at height 1, asked for " + height);
        }
        if (height > stateBlock + 1) {
            throw new IllegalArgumentException("the validator set of height " + height + " is not known from the state of block "
                    + stateBlock + " (it knows heights up to " + (stateBlock + 1) + ")");
        }
        Map.Entry<Long, Entry> below = recent.floorEntry(height);
        long at = below != null ? below.getKey() : 1;
        Entry entry = below != null ? below.getValue() : first();
        while (at < height) {
            OptionalLong change = state.nextSetHeightAfter(at);
            long target = change.isPresent() && change.getAsLong() <= height ? change.getAsLong() : height;
            ValidatorSet engine = entry.engineSet();
            while (engine.height() < target - 1) {
                engine = engine.nextHeight(); // no staking change in between: priorities advance only
            }
            if (target == (change.isPresent() ? change.getAsLong() : -1)) {
                StakedValidatorSet next = state.setAt(target);
                entry = new Entry(engine.nextHeight(entry.stakedSet().changesTo(next)), next);
            } else {
                entry = new Entry(engine.nextHeight(), entry.stakedSet());
            }
            at = target;
        }
        recent.put(height, entry);
        while (recent.size() > KEPT) {
            recent.pollFirstEntry();
        }
        return entry;
    }
}
