package io.veritas.consensus.service;

import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The validator set of every height for a chain whose set never changes (the genesis validators): height 1 gets
 * {@link ValidatorSet#of}, each later height the previous set's {@link ValidatorSet#nextHeight()}, so proposer
 * priorities are the same on every node. The most recent sets asked for are kept, so the heights consensus works
 * around cost O(n) each; an older height is walked to from the nearest kept set below it, or from height 1.
 * Thread-safe (gossip validators ask from their own threads).
 */
public final class ValidatorSchedule {

    private static final int KEPT = 16;

    private final List<Validator> genesis;
    private final TreeMap<Long, ValidatorSet> recent = new TreeMap<>();

    public ValidatorSchedule(List<Validator> genesisValidators) {
        this.genesis = List.copyOf(genesisValidators);
        recent.put(1L, ValidatorSet.of(1, genesis));
    }

    public synchronized ValidatorSet at(long height) {
        if (height < 1) {
            throw new IllegalArgumentException("validator sets start at height 1, asked for " + height);
        }
        Map.Entry<Long, ValidatorSet> below = recent.floorEntry(height);
        ValidatorSet set = below != null ? below.getValue() : ValidatorSet.of(1, genesis);
        while (set.height() < height) {
            set = set.nextHeight();
        }
        recent.put(height, set);
        while (recent.size() > KEPT) {
            recent.pollFirstEntry();
        }
        return set;
    }
}
