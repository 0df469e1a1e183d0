package io.veritas.consensus.staking;

import io.veritas.consensus.validator.ValidatorSet;
import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The staking rules a chain starts with (genesis): who may validate, how long stake stays bonded, how double signing
 * is punished. Validated on construction.
 *
 * <p><b>Voting power</b> is the bonded stake in units of {@link #POWER_UNIT_WEI} (1 gwei), rounded down, and capped
 * at {@link #maxPowerPerValidator()} = {@link ValidatorSet#MAX_TOTAL_VOTING_POWER} / {@code maxValidators}, so the
 * engine's {@code long} total power can never overflow whatever the stakes (the cap is about 1.15e9 ETH for one
 * validator of a 1-validator chain; no real stake comes near it).
 *
 * @param minStake             the least bonded stake (wei) a validator must keep to be in the active set; at least
 *                             one power unit
 * @param maxValidators        the size of the active set: the top N candidates by stake (ties: lower address)
 * @param unbondingBlocks      blocks after an {@code unstake} before the amount can be withdrawn; must exceed
 *                             {@code evidenceMaxAgeBlocks}, so stake cannot leave before evidence against it expires
 * @param evidenceMaxAgeBlocks evidence for height h is accepted in blocks h .. h + evidenceMaxAgeBlocks
 * @param doubleSignSlashBps   the part of a double signer's bonded and unbonding stake that is burned, in basis
 *                             points (0 .. 10000)
 * @param jailBlocks           blocks a double signer stays out of the set (it may re-stake from block
 *                             {@code slashBlock + jailBlocks}); {@link #JAIL_FOREVER} keeps it out for good
 */
public record StakingParameters(
        UInt256 minStake,
        int maxValidators,
        long unbondingBlocks,
        long evidenceMaxAgeBlocks,
        int doubleSignSlashBps,
        long jailBlocks) {

    /** One unit of voting power: 1 gwei of bonded stake. */
    public static final UInt256 POWER_UNIT_WEI = UInt256.valueOf(1_000_000_000L);
    /** Largest active set a chain may configure (each member costs every node work per height). */
    public static final int MAX_VALIDATORS_LIMIT = 1_000;
    /** {@link #jailBlocks} for a double signer that may never return (Cosmos' "tombstone"). */
    public static final long JAIL_FOREVER = Long.MAX_VALUE;
    public static final int BPS_DENOMINATOR = 10_000;

    public StakingParameters {
        Objects.requireNonNull(minStake, "minStake");
        if (minStake.lessThan(POWER_UNIT_WEI)) {
            throw new IllegalArgumentException("minStake " + minStake.toDecimalString() + " wei is below one unit of voting power ("
                    + POWER_UNIT_WEI.toDecimalString() + " wei)");
        }
        if (maxValidators < 1 || maxValidators > MAX_VALIDATORS_LIMIT) {
            throw new IllegalArgumentException("maxValidators must be in 1 .. " + MAX_VALIDATORS_LIMIT + ", got " + maxValidators);
        }
        if (evidenceMaxAgeBlocks < 1) {
            throw new IllegalArgumentException("evidenceMaxAgeBlocks must be at least 1, got " + evidenceMaxAgeBlocks);
        }
        if (unbondingBlocks <= evidenceMaxAgeBlocks) {
            throw new IllegalArgumentException("unbondingBlocks (" + unbondingBlocks + ") must exceed evidenceMaxAgeBlocks ("
                    + evidenceMaxAgeBlocks + "): stake must stay slashable as long as evidence against it is accepted");
        }
        if (doubleSignSlashBps < 0 || doubleSignSlashBps > BPS_DENOMINATOR) {
            throw new IllegalArgumentException("doubleSignSlashBps must be in 0 .. " + BPS_DENOMINATOR + ", got " + doubleSignSlashBps);
        }
        if (jailBlocks < 1) {
            throw new IllegalArgumentException("jailBlocks must be at least 1 (or JAIL_FOREVER), got " + jailBlocks);
        }
    }

    /** The highest voting power one validator can have, so that N of them fit the engine's total power limit. */
    public long maxPowerPerValidator() {
        return ValidatorSet.MAX_TOTAL_VOTING_POWER / maxValidators;
    }

    /** Voting power of {@code stake} wei: floor(stake / 1 gwei), capped at {@link #maxPowerPerValidator()}. */
    public long powerOf(UInt256 stake) {
        UInt256 units = stake.divide(POWER_UNIT_WEI);
        long cap = maxPowerPerValidator();
        return units.fitsLong() && units.toLong() < cap ? units.toLong() : cap;
    }

    /** The block from which a validator jailed in {@code block} may stake again ({@link Long#MAX_VALUE}: never). */
    public long jailedUntil(long block) {
        return jailBlocks == JAIL_FOREVER || block > Long.MAX_VALUE - jailBlocks ? Long.MAX_VALUE : block + jailBlocks;
    }

    /** {@code stake} × doubleSignSlashBps / 10000, rounded down. */
    public UInt256 doubleSignSlash(UInt256 stake) {
        // stake < 2^256 / 10^4 for any real supply; divide first when it is not, so the product cannot wrap.
        UInt256 limit = UInt256.MAX_VALUE.divide(BPS_DENOMINATOR);
        return stake.greaterThan(limit)
                ? stake.divide(BPS_DENOMINATOR).multiply(doubleSignSlashBps)
                : stake.multiply(doubleSignSlashBps).divide(BPS_DENOMINATOR);
    }
}
