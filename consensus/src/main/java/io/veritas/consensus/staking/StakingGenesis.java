package io.veritas.consensus.staking;

import io.veritas.chain.state.WorldState;
import io.veritas.chain.types.Address;
import io.veritas.consensus.vrf.EcVrf;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Writes the genesis validators into the staking module's state: each one's record (its stake bonded, its VRF key),
 * the wei they bonded credited to the module's balance (created at genesis like any allocation), and the active set
 * effective from height 1.
 */
public final class StakingGenesis {

    private StakingGenesis() {}

    /**
     * The set effective from height 1 for these genesis stakes, without writing anything (the genesis header's
     * validatorsHash is its {@link StakedValidatorSet#hash()}).
     *
     * @throws IllegalArgumentException naming the first problem: a stake below the minimum, an invalid VRF key, an
     *                                  account listed twice, too many validators, or none
     */
    public static StakedValidatorSet initialSet(StakingParameters params, List<GenesisStake> stakes) {
        validate(params, stakes);
        List<ValidatorRecord> records = stakes.stream().map(StakingGenesis::record).toList();
        return new ActiveSetSelection(params).selectRecords(records, 1)
                .orElseThrow(() -> new IllegalArgumentException("genesis has no validator"));
    }

    /** Writes the genesis stakes into {@code state} (an empty world state being built into block 0). */
    public static StakedValidatorSet allocate(WorldState state, StakingParameters params, List<GenesisStake> stakes) {
        StakedValidatorSet set = initialSet(params, stakes);
        StakingState staking = StakingState.of(state);
        UInt256 total = UInt256.ZERO;
        for (GenesisStake s : stakes) {
            staking.putValidator(record(s));
            total = total.add(s.stake());
        }
        state.addBalance(StakingModule.ADDRESS, total);
        staking.putEligibleCount(stakes.size()); // validate() made sure every genesis stake reaches the minimum
        staking.putSet(set);
        return set;
    }

    private static ValidatorRecord record(GenesisStake s) {
        return new ValidatorRecord(s.address(), s.stake(), UInt256.ZERO, 0, 0, s.vrfKey());
    }

    private static void validate(StakingParameters params, List<GenesisStake> stakes) {
        if (stakes.isEmpty()) {
            throw new IllegalArgumentException("genesis has no validator");
        }
        if (stakes.size() > StakingModule.MAX_CANDIDATES) {
            throw new IllegalArgumentException("genesis lists " + stakes.size() + " validators; at most "
                    + StakingModule.MAX_CANDIDATES);
        }
        Set<Address> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (GenesisStake s : stakes) {
            if (!seen.add(s.address())) {
                problems.add("validator " + s.address() + " is listed twice");
            }
            if (s.stake().lessThan(params.minStake())) {
                problems.add("validator " + s.address() + " stakes " + s.stake().toDecimalString() + " wei, below the minimum "
                        + params.minStake().toDecimalString());
            }
            if (!EcVrf.isValidPublicKey(s.vrfKey().toArrayUnsafe())) {
                problems.add("validator " + s.address() + " VRF key " + s.vrfKey().toHexString()
                        + " is not a 33-byte compressed P-256 public key");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }
}
