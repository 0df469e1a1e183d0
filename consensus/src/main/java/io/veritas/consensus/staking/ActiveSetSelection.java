package io.veritas.consensus.staking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Who validates (pure): among the candidates that are not jailed and have at least {@code minStake} bonded, the
 * {@code maxValidators} with the most stake; equal stakes rank the lower address first. Power = stake in gwei
 * ({@link StakingParameters#powerOf}).
 */
public final class ActiveSetSelection {

    private final StakingParameters params;

    public ActiveSetSelection(StakingParameters params) {
        this.params = params;
    }

    public boolean isEligible(ValidatorRecord record) {
        return !record.isJailed() && !record.stake().lessThan(params.minStake());
    }

    /** The active set effective from {@code effectiveFrom}, or empty when no candidate is eligible. */
    public Optional<StakedValidatorSet> select(List<ValidatorRecord> candidates, long effectiveFrom) {
        List<ValidatorRecord> eligible = new ArrayList<>();
        for (ValidatorRecord r : candidates) {
            if (isEligible(r)) {
                eligible.add(r);
            }
        }
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        eligible.sort(Comparator.comparing(ValidatorRecord::stake, Comparator.reverseOrder())
                .thenComparing(ValidatorRecord::address));
        List<StakedValidator> members = eligible.stream().limit(params.maxValidators())
                .map(r -> new StakedValidator(r.address(), params.powerOf(r.stake()), r.vrfKey())).toList();
        return Optional.of(new StakedValidatorSet(effectiveFrom, members));
    }
}
