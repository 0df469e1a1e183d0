package io.veritas.consensus.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorAddress;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidatorScheduleTest {

    private static List<Validator> validators() {
        List<Validator> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] a = new byte[20];
            a[19] = (byte) (i + 1);
            out.add(new Validator(new ValidatorAddress(a), i + 1));
        }
        return out;
    }

    @Test
    void everyHeightGetsTheGenesisSetAdvancedOncePerHeightInAnyOrderOfAsking() {
        List<ValidatorSet> expected = new ArrayList<>();
        ValidatorSet set = ValidatorSet.of(1, validators());
        for (int h = 1; h <= 60; h++) {
            expected.add(set);
            set = set.nextHeight();
        }
        ValidatorSchedule schedule = new ValidatorSchedule(validators());
        for (long h : new long[] {40, 41, 3, 60, 59, 1, 42, 17, 60}) {
            ValidatorSet got = schedule.at(h);
            assertEquals(h, got.height());
            assertEquals(expected.get((int) h - 1).proposerPriorities(), got.proposerPriorities(), "height " + h);
            assertEquals(expected.get((int) h - 1).proposer(), got.proposer(), "height " + h);
        }
        assertThrows(IllegalArgumentException.class, () -> schedule.at(0));
    }
}
