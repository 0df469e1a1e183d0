package io.veritas.consensus.staking;

import static io.veritas.consensus.staking.StakingChain.ETH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.consensus.service.StakedValidatorSchedule;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/** The engine's sets per height follow the staking module's changes at H+2, the same from any starting point. */
class StakedValidatorScheduleTest {

    @Test
    void engineSetsFollowStakingChangesWithTheSamePrioritiesInAnyOrder() {
        StakingChain chain = new StakingChain(StakingModuleTest.PARAMS, StakingModuleTest.GENESIS, StakingModuleTest.FUNDED);
        chain.send(StakingModuleTest.NEWCOMER, ETH.multiply(400), StakingModuleTest.stake(StakingChain.vrfKey(StakingModuleTest.NEWCOMER)));
        chain.advanceTo(3);
        chain.send(StakingModuleTest.V3, UInt256.ZERO, StakingModuleTest.unstake(ETH.multiply(300)));
        chain.advanceTo(7);
        StakingState state = chain.staking();
        assertEquals(List.of(1L, 3L, 6L), state.setHeights());

        // By hand: one increment per height, the staking changes applied at the heights they take effect.
        StakedValidatorSet genesis = StakingGenesis.initialSet(StakingModuleTest.PARAMS, StakingModuleTest.GENESIS);
        List<ValidatorSet> expected = new ArrayList<>();
        ValidatorSet s = ValidatorSet.of(1, genesis.validators());
        expected.add(s);
        for (long h = 2; h <= 8; h++) {
            StakedValidatorSet before = state.setAt(h - 1);
            StakedValidatorSet now = state.setAt(h);
            s = s.nextHeight(before.changesTo(now));
            expected.add(s);
        }
        assertEquals(List.of(true, false), List.of(expected.get(2).contains(validator(StakingModuleTest.NEWCOMER)),
                expected.get(2).contains(validator(StakingModuleTest.V1))), "height 3: the newcomer replaced the smallest stake");
        assertEquals(List.of(true, false), List.of(expected.get(5).contains(validator(StakingModuleTest.V1)),
                expected.get(5).contains(validator(StakingModuleTest.V3))), "height 6: the unstaked validator's place went back to V1");

        StakedValidatorSchedule forward = new StakedValidatorSchedule(genesis);
        StakedValidatorSchedule outOfOrder = new StakedValidatorSchedule(genesis);
        for (long h : new long[] {8, 2, 6, 5, 1}) {
            assertSame(expected.get((int) h - 1), outOfOrder.at(h, state, 7), "height " + h);
        }
        for (long h = 1; h <= 8; h++) {
            assertSame(expected.get((int) h - 1), forward.at(h, state, 7), "height " + h);
            assertEquals(state.setAt(h), forward.stakedAt(h, state, 7));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> forward.at(9, state, 7));
        assertEquals("the validator set of height 9 is not known from the state of block 7 (it knows heights up to 8)", e.getMessage());
    }

    private static io.veritas.consensus.validator.ValidatorAddress validator(io.veritas.chain.crypto.KeyPair key) {
        return io.veritas.consensus.message.CommitCertificates.validator(key.address());
    }

    private static void assertSame(ValidatorSet expected, ValidatorSet actual, String what) {
        assertEquals(expected.height(), actual.height(), what);
        assertEquals(expected.validators(), actual.validators(), what);
        assertEquals(expected.proposerPriorities(), actual.proposerPriorities(), what);
        assertEquals(expected.proposer(), actual.proposer(), what);
    }
}
