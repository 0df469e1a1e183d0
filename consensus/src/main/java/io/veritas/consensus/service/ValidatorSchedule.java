package io.veritas.consensus.service;

import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.List;

/**
 * The validator set of every height for a chain whose set never changes (the genesis validators): height 1 gets
 * {@link ValidatorSet#of}, each later height the previous set's {@link ValidatorSet#nextHeight()}, so proposer
 * priorities are the same on every node. Not thread-safe; the last set asked for is kept, so walking forward is
 * O(n) per height.
 */
public final class ValidatorSchedule {

    private final List<Validator> genesis;
    private ValidatorSet last;

    public ValidatorSchedule(List<Validator> genesisValidators) {
        this.genesis = List.copyOf(genesisValidators);
        this.last = ValidatorSet.of(1, genesis);
    }

    public synchronized ValidatorSet at(long height) {
        if (height < 1) {
            throw new IllegalArgumentException("validator sets start at height 1, asked for " + height);
        }
        ValidatorSet set = height >= last.height() ? last : ValidatorSet.of(1, genesis);
        while (set.height() < height) {
            set = set.nextHeight();
        }
        last = set;
        return set;
    }
}
