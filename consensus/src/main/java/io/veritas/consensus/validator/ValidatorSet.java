package io.veritas.consensus.validator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The validators of one height, with their proposer priorities: an immutable value.
 *
 * <p><b>Proposer selection</b> is CometBFT's weighted round robin ({@code types/validator_set.go}), so that every
 * node computes the same proposer and each validator proposes in proportion to its power:
 * <ol>
 *   <li>Each validator carries a priority (initially 0).</li>
 *   <li>{@link #incrementProposerPriority(int) incrementProposerPriority(times)} first <i>rescales</i>: if
 *       max − min priority exceeds 2 × total power, all priorities are divided (truncating) by
 *       ceil(diff / (2 × total)); then <i>centres</i>: the (truncated) average priority is subtracted from each.
 *       Then, {@code times} times: every priority grows by its validator's power, the validator with the highest
 *       priority (ties: lower address) becomes the proposer and its priority drops by the total power.</li>
 *   <li>A new set is built with one increment ({@link #of}); each next height increments once more
 *       ({@link #nextHeight()}); round r of a height uses the height's set incremented r more times
 *       ({@link #proposer(int)}).</li>
 * </ol>
 * Arithmetic saturates at the long range like CometBFT's safeAddClip/safeSubClip. Total power is capped at
 * {@link #MAX_TOTAL_VOTING_POWER} so that the quorum arithmetic ({@code 3 × power}) cannot overflow.
 *
 * <p>Validators are indexed in ascending address order; indexes are what vote accounting uses.
 */
public final class ValidatorSet {

    /** As CometBFT: Long.MAX_VALUE / 8. */
    public static final long MAX_TOTAL_VOTING_POWER = Long.MAX_VALUE / 8;
    private static final long PRIORITY_WINDOW_SIZE_FACTOR = 2;

    private final long height;
    private final Validator[] validators;
    private final long[] priorities;
    private final int proposerIndex;
    private final long totalVotingPower;
    private final Map<ValidatorAddress, Integer> indexByAddress;

    private ValidatorSet(long height, Validator[] validators, long[] priorities, int proposerIndex,
            long totalVotingPower, Map<ValidatorAddress, Integer> indexByAddress) {
        this.height = height;
        this.validators = validators;
        this.priorities = priorities;
        this.proposerIndex = proposerIndex;
        this.totalVotingPower = totalVotingPower;
        this.indexByAddress = indexByAddress;
    }

    /** A fresh set (all priorities 0, then one increment, as CometBFT's NewValidatorSet) for {@code height}. */
    public static ValidatorSet of(long height, List<Validator> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("validator set for height " + height + " is empty");
        }
        Validator[] sorted = members.toArray(Validator[]::new);
        Arrays.sort(sorted, (a, b) -> a.address().compareTo(b.address()));
        Map<ValidatorAddress, Integer> index = new HashMap<>();
        long total = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (index.put(sorted[i].address(), i) != null) {
                throw new IllegalArgumentException("validator " + sorted[i].address() + " appears twice in the set");
            }
            total += sorted[i].votingPower();
            if (total > MAX_TOTAL_VOTING_POWER || total < 0) {
                throw new IllegalArgumentException("total voting power exceeds " + MAX_TOTAL_VOTING_POWER);
            }
        }
        ValidatorSet zero = new ValidatorSet(height, sorted, new long[sorted.length], -1, total,
                Collections.unmodifiableMap(index));
        return zero.incremented(1, height);
    }

    /** The height this set (and its priorities) belongs to. */
    public long height() {
        return height;
    }

    /** The set for the next height: priorities incremented once. */
    public ValidatorSet nextHeight() {
        return incremented(1, height + 1);
    }

    /**
     * The set for the next height with validator changes applied first (CometBFT's updateWithChangeSet, then one
     * increment). Each change sets a validator's power; power 0 removes it. A validator that joins starts at priority
     * −1.125 × (total power after updates, before removals), so it cannot propose right away; a validator that
     * stays keeps its priority. Priorities are then rescaled and centred as in {@link #incrementProposerPriority}.
     *
     * @param changes validators with their new power (0 = remove); at most one change per address
     */
    public ValidatorSet nextHeight(List<ValidatorChange> changes) {
        if (changes.isEmpty()) {
            return nextHeight();
        }
        Map<ValidatorAddress, Long> newPower = new HashMap<>();
        for (ValidatorChange c : changes) {
            if (newPower.put(c.address(), c.votingPower()) != null) {
                throw new IllegalArgumentException("validator " + c.address() + " changed twice in one update");
            }
            if (c.votingPower() == 0 && !indexByAddress.containsKey(c.address())) {
                throw new IllegalArgumentException("cannot remove " + c.address() + ": not a validator");
            }
        }
        // Total after updates, before removals (CometBFT: tvpAfterUpdatesBeforeRemovals).
        long totalAfterUpdates = 0;
        for (Validator v : validators) {
            Long changed = newPower.get(v.address());
            totalAfterUpdates += (changed == null || changed == 0) ? v.votingPower() : changed;
        }
        for (ValidatorChange c : changes) {
            if (c.votingPower() > 0 && !indexByAddress.containsKey(c.address())) {
                totalAfterUpdates += c.votingPower();
            }
        }
        long joinPriority = -(totalAfterUpdates + (totalAfterUpdates >> 3));
        List<Validator> members = new ArrayList<>();
        Map<ValidatorAddress, Long> priorityOf = new HashMap<>();
        for (int i = 0; i < validators.length; i++) {
            Long changed = newPower.get(validators[i].address());
            if (changed == null) {
                members.add(validators[i]);
            } else if (changed > 0) {
                members.add(new Validator(validators[i].address(), changed));
            } else {
                continue;
            }
            priorityOf.put(validators[i].address(), priorities[i]);
        }
        for (ValidatorChange c : changes) {
            if (c.votingPower() > 0 && !indexByAddress.containsKey(c.address())) {
                members.add(new Validator(c.address(), c.votingPower()));
                priorityOf.put(c.address(), joinPriority);
            }
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("validator changes at height " + (height + 1) + " remove every validator");
        }
        ValidatorSet changed = ValidatorSet.withPriorities(height, members, priorityOf);
        long[] p = changed.priorities;
        rescale(p, PRIORITY_WINDOW_SIZE_FACTOR * changed.totalVotingPower);
        shiftByAverage(p);
        return changed.incremented(1, height + 1);
    }

    private static ValidatorSet withPriorities(long height, List<Validator> members,
            Map<ValidatorAddress, Long> priorityOf) {
        ValidatorSet zero = of(height, members); // validates and sorts; its priorities are replaced below
        long[] p = new long[zero.validators.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = priorityOf.get(zero.validators[i].address());
        }
        return new ValidatorSet(height, zero.validators, p, -1, zero.totalVotingPower, zero.indexByAddress);
    }

    /** The same height's set with priorities incremented {@code times} more times. */
    public ValidatorSet incrementProposerPriority(int times) {
        if (times < 0) {
            throw new IllegalArgumentException("cannot increment proposer priority a negative number of times: " + times);
        }
        return times == 0 ? this : incremented(times, height);
    }

    /** The proposer of round 0 at this set's height. */
    public ValidatorAddress proposer() {
        return validators[proposerIndex].address();
    }

    /** The proposer of {@code round} at this set's height. O(n × round). */
    public ValidatorAddress proposer(int round) {
        return incrementProposerPriority(round).proposer();
    }

    /**
     * The proposer of ({@code height}, {@code round}) for a height at or after this set's, assuming no validator
     * changes in between (each height increments once).
     */
    public ValidatorAddress proposer(long height, int round) {
        if (height < this.height) {
            throw new IllegalArgumentException("set is for height " + this.height + ", cannot go back to " + height);
        }
        if (round < 0) {
            throw new IllegalArgumentException("round must be non-negative, got " + round);
        }
        return incremented(Math.addExact(Math.toIntExact(height - this.height), round), height).proposer();
    }

    private ValidatorSet incremented(int times, long newHeight) {
        if (times == 0) {
            return new ValidatorSet(newHeight, validators, priorities, proposerIndex, totalVotingPower, indexByAddress);
        }
        long[] p = priorities.clone();
        rescale(p, PRIORITY_WINDOW_SIZE_FACTOR * totalVotingPower);
        shiftByAverage(p);
        int proposer = -1;
        for (int t = 0; t < times; t++) {
            for (int i = 0; i < p.length; i++) {
                p[i] = saturatingAdd(p[i], validators[i].votingPower());
            }
            proposer = mostPriority(p);
            p[proposer] = saturatingAdd(p[proposer], -totalVotingPower);
        }
        return new ValidatorSet(newHeight, validators, p, proposer, totalVotingPower, indexByAddress);
    }

    private static void rescale(long[] p, long diffMax) {
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        for (long v : p) {
            max = Math.max(max, v);
            min = Math.min(min, v);
        }
        long diff = max - min;
        if (diff < 0) {
            diff = Long.MAX_VALUE; // overflowed: clip like CometBFT
        }
        if (diff > diffMax) {
            long ratio = (diff + diffMax - 1) / diffMax;
            for (int i = 0; i < p.length; i++) {
                p[i] /= ratio; // Go integer division truncates toward zero, as Java's
            }
        }
    }

    private static void shiftByAverage(long[] p) {
        java.math.BigInteger sum = java.math.BigInteger.ZERO;
        for (long v : p) {
            sum = sum.add(java.math.BigInteger.valueOf(v));
        }
        // Go's big.Int Div (used by CometBFT) is Euclidean: it floors for a positive divisor.
        java.math.BigInteger[] qr = sum.divideAndRemainder(java.math.BigInteger.valueOf(p.length));
        long avg = (qr[1].signum() < 0 ? qr[0].subtract(java.math.BigInteger.ONE) : qr[0]).longValueExact();
        for (int i = 0; i < p.length; i++) {
            p[i] = saturatingAdd(p[i], -avg);
        }
    }

    private int mostPriority(long[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            // Higher priority wins; on a tie the lower address (= lower index, the array is address-sorted).
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    public int size() {
        return validators.length;
    }

    public long totalVotingPower() {
        return totalVotingPower;
    }

    public Validator validator(int index) {
        return validators[index];
    }

    public long votingPower(int index) {
        return validators[index].votingPower();
    }

    /** The validators in index (address) order. */
    public List<Validator> validators() {
        return List.of(validators);
    }

    public OptionalInt indexOf(ValidatorAddress address) {
        Integer i = indexByAddress.get(address);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    public boolean contains(ValidatorAddress address) {
        return indexByAddress.containsKey(address);
    }

    /** The priorities in index order (for tests and diagnostics). */
    public List<Long> proposerPriorities() {
        List<Long> out = new ArrayList<>(priorities.length);
        for (long v : priorities) {
            out.add(v);
        }
        return out;
    }

    /** More than two thirds of the total voting power: the paper's "2f + 1". */
    public boolean isQuorum(long power) {
        return 3 * power > 2 * totalVotingPower;
    }

    /** More than one third of the total voting power: the paper's "f + 1". */
    public boolean isOneThirdPlus(long power) {
        return 3 * power > totalVotingPower;
    }

    @Override
    public String toString() {
        return "ValidatorSet[height=" + height + ", size=" + validators.length + ", totalPower=" + totalVotingPower
                + ", proposer=" + proposer() + "]";
    }
}
