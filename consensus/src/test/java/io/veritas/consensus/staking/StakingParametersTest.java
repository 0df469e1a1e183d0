package io.veritas.consensus.staking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.consensus.validator.ValidatorSet;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class StakingParametersTest {
    private static final UInt256 ETH = UInt256.valueOf(1_000_000_000_000_000_000L);

    @Test
    void powerIsStakeInGweiCappedSoTheTotalFitsTheEngine() {
        StakingParameters p = new StakingParameters(ETH, 4, 10, 5, 500, 20);
        assertEquals(1_000_000_000L, p.powerOf(ETH));
        assertEquals(1_000_000_001L, p.powerOf(ETH.add(UInt256.valueOf(1_999_999_999L))), "rounded down");
        assertEquals(ValidatorSet.MAX_TOTAL_VOTING_POWER / 4, p.powerOf(UInt256.MAX_VALUE));
        assertEquals(ValidatorSet.MAX_TOTAL_VOTING_POWER / 4, p.maxPowerPerValidator());
    }

    @Test
    void slashIsBasisPointsRoundedDownAndJailSaturates() {
        StakingParameters p = new StakingParameters(ETH, 4, 10, 5, 333, 20);
        assertEquals(UInt256.valueOf(33), p.doubleSignSlash(UInt256.valueOf(1000)));
        assertEquals(UInt256.MAX_VALUE.divide(10_000).multiply(333), p.doubleSignSlash(UInt256.MAX_VALUE));
        assertEquals(120, p.jailedUntil(100));
        assertEquals(Long.MAX_VALUE, new StakingParameters(ETH, 4, 10, 5, 333, StakingParameters.JAIL_FOREVER).jailedUntil(100));
    }

    @Test
    void rejectsRulesThatCannotWork() {
        assertEquals("minStake 999999999 wei is below one unit of voting power (1000000000 wei)", assertThrows(IllegalArgumentException.class,
                () -> new StakingParameters(UInt256.valueOf(999_999_999L), 4, 10, 5, 500, 20)).getMessage());
        assertEquals("maxValidators must be in 1 .. 1000, got 0", assertThrows(IllegalArgumentException.class,
                () -> new StakingParameters(ETH, 0, 10, 5, 500, 20)).getMessage());
        assertEquals("unbondingBlocks (5) must exceed evidenceMaxAgeBlocks (5): stake must stay slashable as long as evidence "
                + "against it is accepted", assertThrows(IllegalArgumentException.class,
                () -> new StakingParameters(ETH, 4, 5, 5, 500, 20)).getMessage());
        assertEquals("doubleSignSlashBps must be in 0 .. 10000, got 10001", assertThrows(IllegalArgumentException.class,
                () -> new StakingParameters(ETH, 4, 10, 5, 10_001, 20)).getMessage());
        assertEquals("jailBlocks must be at least 1 (or JAIL_FOREVER), got 0", assertThrows(IllegalArgumentException.class,
                () -> new StakingParameters(ETH, 4, 10, 5, 500, 0)).getMessage());
    }
}
