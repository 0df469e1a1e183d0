package io.veritas.consensus.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorSetTest {

    private static ValidatorAddress named(String name) {
        return new ValidatorAddress(Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 20));
    }

    private static String nameOf(ValidatorAddress a) {
        return new String(a.bytes(), StandardCharsets.US_ASCII).replace("\0", "");
    }

    /**
     * CometBFT's TestProposerSelection1 (types/validator_set_test.go): foo 1000, bar 300, baz 330, 99 heights.
     * The addresses here are the names zero-padded to 20 bytes, which keeps CometBFT's tie-break order.
     */
    @Test
    void matchesCometBftProposerSequence() {
        ValidatorSet set = ValidatorSet.of(1, List.of(new Validator(named("foo"), 1000),
                new Validator(named("bar"), 300), new Validator(named("baz"), 330)));
        List<String> proposers = new ArrayList<>();
        for (int i = 0; i < 99; i++) {
            proposers.add(nameOf(set.proposer()));
            set = set.nextHeight();
        }
        String expected = "foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar"
                + " foo foo baz foo bar foo foo baz foo bar foo foo baz foo foo bar foo baz foo foo bar"
                + " foo baz foo foo bar foo baz foo foo bar foo baz foo foo foo baz bar foo foo foo baz"
                + " foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo bar foo foo baz foo"
                + " foo bar foo baz foo foo bar foo baz foo foo bar foo baz foo foo";
        assertEquals(expected, String.join(" ", proposers));
    }

    @Test
    void proposesInProportionToPower() {
        ValidatorSet set = ValidatorSet.of(1, List.of(new Validator(named("a"), 1), new Validator(named("b"), 2),
                new Validator(named("c"), 7)));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            counts.merge(nameOf(set.proposer(i)), 1, Integer::sum);
        }
        assertEquals(Map.of("a", 100, "b", 200, "c", 700), counts);
    }

    @Test
    void proposerOfHeightAndRoundAdvancesOncePerHeightAndRound() {
        ValidatorSet set = ValidatorSet.of(5, List.of(new Validator(named("a"), 1), new Validator(named("b"), 1),
                new Validator(named("c"), 1)));
        assertEquals(set.nextHeight().nextHeight().proposer(3), set.proposer(7, 3));
        assertEquals(set.proposer(2), set.proposer(5, 2));
        assertThrows(IllegalArgumentException.class, () -> set.proposer(4, 0));
    }

    @Test
    void quorumIsMoreThanTwoThirdsAndSkipIsMoreThanOneThird() {
        ValidatorSet set = ValidatorSet.of(1, List.of(new Validator(named("a"), 1), new Validator(named("b"), 1),
                new Validator(named("c"), 1), new Validator(named("d"), 1)));
        assertFalse(set.isQuorum(2));
        assertTrue(set.isQuorum(3));
        assertFalse(set.isOneThirdPlus(1));
        assertTrue(set.isOneThirdPlus(2));
        ValidatorSet three = ValidatorSet.of(1, List.of(new Validator(named("a"), 1), new Validator(named("b"), 1),
                new Validator(named("c"), 1)));
        assertFalse(three.isQuorum(2), "exactly 2/3 is not a quorum");
        assertFalse(three.isOneThirdPlus(1), "exactly 1/3 is not f+1");
    }

    @Test
    void newValidatorJoinsWithNegativePriorityAndRemovedOneLeaves() {
        ValidatorSet set = ValidatorSet.of(1, List.of(new Validator(named("a"), 1), new Validator(named("b"), 1)));
        // After the first increment: a proposed (tie → lower address), priorities a = -1, b = 1.
        assertEquals(List.of(-1L, 1L), set.proposerPriorities());
        // c joins at -(3 + 3>>3) = -3; centring by floor(-3/3) = -1 gives a 0, b 2, c -2; one increment: a 1, b 3,
        // c -1 → b proposes → b 0.
        ValidatorSet next = set.nextHeight(List.of(new ValidatorChange(named("c"), 1)));
        assertEquals(2, next.height());
        assertEquals("b", nameOf(next.proposer()));
        assertEquals(List.of(1L, 0L, -1L), next.proposerPriorities());
        ValidatorSet without = next.nextHeight(List.of(new ValidatorChange(named("b"), 0)));
        assertEquals(2, without.size());
        assertFalse(without.contains(named("b")));
        assertThrows(IllegalArgumentException.class,
                () -> without.nextHeight(List.of(new ValidatorChange(named("zz"), 0))));
    }

    @Test
    void rejectsDuplicateValidatorsAndEmptySets() {
        assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(1,
                List.of(new Validator(named("a"), 1), new Validator(named("a"), 2))));
        assertThrows(IllegalArgumentException.class, () -> new Validator(named("a"), 0));
        assertThrows(IllegalArgumentException.class, () -> ValidatorSet.of(1, List.of(
                new Validator(named("a"), ValidatorSet.MAX_TOTAL_VOTING_POWER), new Validator(named("b"), 1))));
    }
}
