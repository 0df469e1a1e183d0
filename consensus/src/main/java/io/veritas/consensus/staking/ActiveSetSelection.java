package io.veritas.consensus.staking;

import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
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

    /** What ranking needs of an account: its bonded stake and whether it is jailed. */
    public record Candidate(Address address, UInt256 stake, boolean jailed) {}

    public boolean isEligible(UInt256 stake, boolean jailed) {
        return !jailed && !stake.lessThan(params.minStake());
    }

    public boolean isEligible(ValidatorRecord record) {
        return isEligible(record.stake(), record.isJailed());
    }

    /**
     * The active set effective from {@code effectiveFrom}, or empty when no candidate is eligible; VRF keys are looked
     * up only for the members chosen.
     */
    public Optional<StakedValidatorSet> select(List<Candidate> candidates, Function<Address, Bytes> vrfKeyOf, long effectiveFrom) {
        List<Candidate> eligible = new ArrayList<>();
        for (Candidate c : candidates) {
            if (isEligible(c.stake(), c.jailed())) {
                eligible.add(c);
            }
        }
        if (eligible.isEmpty()) {
            return Optional.empty();
        }
        eligible.sort(Comparator.comparing(Candidate::stake, Comparator.reverseOrder()).thenComparing(Candidate::address));
        List<StakedValidator> members = eligible.stream().limit(params.maxValidators())
                .map(c -> new StakedValidator(c.address(), params.powerOf(c.stake()), vrfKeyOf.apply(c.address()))).toList();
        return Optional.of(new StakedValidatorSet(effectiveFrom, members));
    }

    /** {@link #select(List, Function, long)} over full records. */
    public Optional<StakedValidatorSet> selectRecords(List<ValidatorRecord> records, long effectiveFrom) {
        Map<Address, Bytes> keys = new HashMap<>();
        records.forEach(r -> keys.put(r.address(), r.vrfKey()));
        return select(records.stream().map(r -> new Candidate(r.address(), r.stake(), r.isJailed())).toList(), keys::get, effectiveFrom);
    }
}
