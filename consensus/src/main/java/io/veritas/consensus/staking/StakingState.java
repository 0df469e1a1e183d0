package io.veritas.consensus.staking;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Typed reads and writes of the staking module's storage (the account at {@link StakingModule#ADDRESS}). Layout,
 * Solidity-style so {@code eth_getStorageAt} can inspect it (root slots are keccak256 of their names):
 * <pre>
 * validators  mapping(address => record) at namedSlot("staking.validators"); a record at base R:
 *             R+0 stake, R+1 unbonding, R+2 withdrawableAt, R+3 jailedUntil, R+4 candidate index + 1 (0 = none),
 *             R+5 vrfKey (bytes: length at R+5, content from keccak256(R+5))
 * candidates  address[] at namedSlot("staking.candidates"): every account with bonded stake &gt; 0
 * setHeights  uint64[] at namedSlot("staking.setHeights"): the heights at which a stored set takes effect, ascending
 * sets        mapping(uint256 height => set) at namedSlot("staking.sets"); a set at base S: S+0 member count,
 *             member j at keccak256(S) + 3j: address, power, vrfKey (bytes)
 * evidence    mapping(bytes32 evidenceHash => block processed) at namedSlot("staking.evidence")
 * slashed     mapping(keccak256(address ‖ uint256 height) => block) at namedSlot("staking.slashed")
 * changedIn   uint64 at namedSlot("staking.changedIn"): the block of a change not yet ranked into a set (0: none)
 * eligible    uint64 at namedSlot("staking.eligible"): how many accounts are eligible for the set (bonded ≥ minStake,
 *             not jailed), so a change that would leave no validator is refused without ranking everyone
 * </pre>
 */
public final class StakingState {
    static final Bytes32 VALIDATORS = ModuleStorage.namedSlot("staking.validators");
    static final Bytes32 CANDIDATES = ModuleStorage.namedSlot("staking.candidates");
    static final Bytes32 SET_HEIGHTS = ModuleStorage.namedSlot("staking.setHeights");
    static final Bytes32 SETS = ModuleStorage.namedSlot("staking.sets");
    static final Bytes32 EVIDENCE = ModuleStorage.namedSlot("staking.evidence");
    static final Bytes32 SLASHED = ModuleStorage.namedSlot("staking.slashed");
    static final Bytes32 CHANGED_IN = ModuleStorage.namedSlot("staking.changedIn");
    static final Bytes32 ELIGIBLE = ModuleStorage.namedSlot("staking.eligible");

    private static final int STAKE = 0;
    private static final int UNBONDING = 1;
    private static final int WITHDRAWABLE_AT = 2;
    private static final int JAILED_UNTIL = 3;
    private static final int CANDIDATE_INDEX = 4;
    private static final int VRF_KEY = 5;
    private static final int MEMBER_SLOTS = 3;

    private final ModuleStorage storage;

    public StakingState(ModuleStorage storage) {
        if (!storage.account().equals(StakingModule.ADDRESS)) {
            throw new IllegalArgumentException("staking state lives at " + StakingModule.ADDRESS + ", not " + storage.account());
        }
        this.storage = storage;
    }

    public static StakingState of(ModuleStateView view) {
        return new StakingState(view.storageOf(StakingModule.ADDRESS));
    }

    /** The state of the module a call runs in (the staking module's own storage). */
    public static StakingState of(io.veritas.chain.module.ModuleCall call) {
        return new StakingState(call.storage());
    }

    public static StakingState of(WorldState state) {
        return new StakingState(new ModuleStorage(state, StakingModule.ADDRESS));
    }

    /**
     * The active validator set of {@code height}, read from the state after any block from {@code height − 1} on (a
     * change made in block H is ranked by the protocol call at the start of block H + 1 and takes effect at H + 2):
     * what the node builds the engine's set and the header's validatorsHash from.
     *
     * @throws IllegalArgumentException when no set takes effect at or before {@code height} (before genesis wrote one)
     */
    public static StakedValidatorSet validatorSetAt(ModuleStateView view, long height) {
        return of(view).setAt(height);
    }

    /** {@link #validatorSetAt(ModuleStateView, long)} on a world state (e.g. {@code Blockchain.stateAt(header)}). */
    public static StakedValidatorSet validatorSetAt(WorldState state, long height) {
        return of(state).setAt(height);
    }

    // ---- validator records

    public Optional<ValidatorRecord> validator(Address address) {
        Bytes32 base = recordSlot(address);
        Bytes vrfKey = storage.getBytes(ModuleStorage.offset(base, VRF_KEY));
        if (vrfKey.isEmpty()) {
            return Optional.empty(); // every record written has its 33-byte key
        }
        return Optional.of(new ValidatorRecord(address,
                storage.get(ModuleStorage.offset(base, STAKE)),
                storage.get(ModuleStorage.offset(base, UNBONDING)),
                storage.getLong(ModuleStorage.offset(base, WITHDRAWABLE_AT)),
                storage.getLong(ModuleStorage.offset(base, JAILED_UNTIL)),
                vrfKey));
    }

    /** Writes the record and keeps the candidate list in step: an account is a candidate while its stake is positive. */
    public void putValidator(ValidatorRecord record) {
        Bytes32 base = recordSlot(record.address());
        storage.put(ModuleStorage.offset(base, STAKE), record.stake());
        storage.put(ModuleStorage.offset(base, UNBONDING), record.unbonding());
        storage.putLong(ModuleStorage.offset(base, WITHDRAWABLE_AT), record.withdrawableAt());
        storage.putLong(ModuleStorage.offset(base, JAILED_UNTIL), record.jailedUntil());
        storage.putBytes(ModuleStorage.offset(base, VRF_KEY), record.vrfKey());
        long index = storage.getLong(ModuleStorage.offset(base, CANDIDATE_INDEX));
        if (!record.stake().isZero() && index == 0) {
            long count = candidateCount();
            storage.putAddress(candidateSlot(count), record.address());
            storage.putLong(CANDIDATES, count + 1);
            storage.putLong(ModuleStorage.offset(base, CANDIDATE_INDEX), count + 1);
        } else if (record.stake().isZero() && index != 0) {
            removeCandidate(record.address(), index - 1);
        }
    }

    private void removeCandidate(Address address, long index) {
        long last = candidateCount() - 1;
        if (index != last) { // move the last candidate into the gap
            Address moved = storage.getAddress(candidateSlot(last));
            storage.putAddress(candidateSlot(index), moved);
            storage.putLong(ModuleStorage.offset(recordSlot(moved), CANDIDATE_INDEX), index + 1);
        }
        storage.put(candidateSlot(last), UInt256.ZERO);
        storage.putLong(CANDIDATES, last);
        storage.putLong(ModuleStorage.offset(recordSlot(address), CANDIDATE_INDEX), 0);
    }

    /** Stake and jail of every candidate: all the active-set ranking reads (2 slots per account). */
    public List<ActiveSetSelection.Candidate> rankingCandidates() {
        long count = candidateCount();
        List<ActiveSetSelection.Candidate> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            Address address = storage.getAddress(candidateSlot(i));
            Bytes32 base = recordSlot(address);
            out.add(new ActiveSetSelection.Candidate(address, storage.get(ModuleStorage.offset(base, STAKE)),
                    storage.getLong(ModuleStorage.offset(base, JAILED_UNTIL)) != 0));
        }
        return out;
    }

    /** The stored VRF key of {@code address} (empty when it has no record). */
    public Bytes vrfKey(Address address) {
        return storage.getBytes(ModuleStorage.offset(recordSlot(address), VRF_KEY));
    }

    /** The block of the earliest change not yet ranked into a stored set, if any. */
    public OptionalLong changedIn() {
        long block = storage.getLong(CHANGED_IN);
        return block == 0 ? OptionalLong.empty() : OptionalLong.of(block);
    }

    public void markChanged(long block) {
        if (storage.getLong(CHANGED_IN) == 0) {
            storage.putLong(CHANGED_IN, block);
        }
    }

    public void clearChanged() {
        storage.putLong(CHANGED_IN, 0);
    }

    /** How many accounts are eligible for the active set. */
    public long eligibleCount() {
        return storage.getLong(ELIGIBLE);
    }

    public void putEligibleCount(long count) {
        storage.putLong(ELIGIBLE, count);
    }

    public long candidateCount() {
        return storage.getLong(CANDIDATES);
    }

    /** Every account with bonded stake, in storage order (not sorted). */
    public List<Address> candidates() {
        long count = candidateCount();
        List<Address> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            out.add(storage.getAddress(candidateSlot(i)));
        }
        return out;
    }

    // ---- validator sets per effective height

    /** The heights at which a stored set takes effect, ascending. */
    public List<Long> setHeights() {
        long count = storage.getLong(SET_HEIGHTS);
        List<Long> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            out.add(storage.getLong(setHeightSlot(i)));
        }
        return out;
    }

    /** The set of {@code height}: the stored set with the greatest effective height ≤ {@code height}. */
    public StakedValidatorSet setAt(long height) {
        OptionalLong effective = effectiveHeightFor(height);
        if (effective.isEmpty()) {
            long count = storage.getLong(SET_HEIGHTS);
            throw new IllegalArgumentException("no validator set for height " + height + (count == 0
                    ? ": the staking module holds none (was genesis written?)"
                    : ": the first takes effect at height " + storage.getLong(setHeightSlot(0))));
        }
        return readSet(effective.getAsLong());
    }

    /** The smallest height after {@code height} at which a stored set takes effect, if any. */
    public OptionalLong nextSetHeightAfter(long height) {
        long lo = 0;
        long hi = storage.getLong(SET_HEIGHTS) - 1;
        OptionalLong found = OptionalLong.empty();
        while (lo <= hi) { // binary search: the first effective height > height
            long mid = (lo + hi) >>> 1;
            long at = storage.getLong(setHeightSlot(mid));
            if (at > height) {
                found = OptionalLong.of(at);
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }

    /** The most recently stored set (the one in effect from the highest height), if any. */
    public Optional<StakedValidatorSet> latestSet() {
        long count = storage.getLong(SET_HEIGHTS);
        return count == 0 ? Optional.empty() : Optional.of(readSet(storage.getLong(setHeightSlot(count - 1))));
    }

    private OptionalLong effectiveHeightFor(long height) {
        long lo = 0;
        long hi = storage.getLong(SET_HEIGHTS) - 1;
        OptionalLong found = OptionalLong.empty();
        while (lo <= hi) { // binary search: the last effective height ≤ height
            long mid = (lo + hi) >>> 1;
            long at = storage.getLong(setHeightSlot(mid));
            if (at <= height) {
                found = OptionalLong.of(at);
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private StakedValidatorSet readSet(long effectiveFrom) {
        Bytes32 base = setSlot(effectiveFrom);
        long size = storage.getLong(base);
        Bytes32 first = Keccak256.hash(base);
        List<StakedValidator> members = new ArrayList<>((int) size);
        for (long j = 0; j < size; j++) {
            Bytes32 m = ModuleStorage.offset(first, j * MEMBER_SLOTS);
            members.add(new StakedValidator(storage.getAddress(m), storage.getLong(ModuleStorage.offset(m, 1)),
                    storage.getBytes(ModuleStorage.offset(m, 2))));
        }
        return new StakedValidatorSet(effectiveFrom, members);
    }

    /**
     * Stores {@code set} as the one in effect from {@code set.effectiveFrom()}; replaces a set stored for that height
     * (several changes in one block), otherwise it must take effect after every stored set.
     */
    public void putSet(StakedValidatorSet set) {
        long count = storage.getLong(SET_HEIGHTS);
        long last = count == 0 ? -1 : storage.getLong(setHeightSlot(count - 1));
        if (set.effectiveFrom() < last) {
            throw new IllegalStateException("validator set for height " + set.effectiveFrom() + " would precede the stored set for " + last);
        }
        Bytes32 base = setSlot(set.effectiveFrom());
        Bytes32 first = Keccak256.hash(base);
        long oldSize = set.effectiveFrom() == last ? storage.getLong(base) : 0;
        List<StakedValidator> members = set.members();
        for (int j = 0; j < members.size(); j++) {
            Bytes32 m = ModuleStorage.offset(first, (long) j * MEMBER_SLOTS);
            storage.putAddress(m, members.get(j).address());
            storage.putLong(ModuleStorage.offset(m, 1), members.get(j).power());
            storage.putBytes(ModuleStorage.offset(m, 2), members.get(j).vrfKey());
        }
        for (long j = members.size(); j < oldSize; j++) { // clear members of a replaced, larger set
            Bytes32 m = ModuleStorage.offset(first, j * MEMBER_SLOTS);
            storage.put(m, UInt256.ZERO);
            storage.put(ModuleStorage.offset(m, 1), UInt256.ZERO);
            storage.putBytes(ModuleStorage.offset(m, 2), Bytes.EMPTY);
        }
        storage.putLong(base, members.size());
        if (set.effectiveFrom() != last) {
            storage.putLong(setHeightSlot(count), set.effectiveFrom());
            storage.putLong(SET_HEIGHTS, count + 1);
        }
    }

    // ---- evidence bookkeeping

    /** The block that processed evidence with this hash, if any. */
    public OptionalLong evidenceProcessedAt(Bytes32 evidenceHash) {
        long block = storage.getLong(ModuleStorage.mappingSlot(EVIDENCE, evidenceHash));
        return block == 0 ? OptionalLong.empty() : OptionalLong.of(block);
    }

    public void markEvidenceProcessed(Bytes32 evidenceHash, long block) {
        storage.putLong(ModuleStorage.mappingSlot(EVIDENCE, evidenceHash), block);
    }

    /** The block that slashed {@code validator} for double signing at {@code height}, if any. */
    public OptionalLong slashedAt(Address validator, long height) {
        long block = storage.getLong(ModuleStorage.mappingSlot(SLASHED, slashKey(validator, height)));
        return block == 0 ? OptionalLong.empty() : OptionalLong.of(block);
    }

    public void markSlashed(Address validator, long height, long block) {
        storage.putLong(ModuleStorage.mappingSlot(SLASHED, slashKey(validator, height)), block);
    }

    private static Bytes32 slashKey(Address validator, long height) {
        return Keccak256.hash(Bytes.concatenate(validator.bytes(), UInt256.valueOf(height)));
    }

    // ---- slots

    private static Bytes32 recordSlot(Address address) {
        return ModuleStorage.mappingSlot(VALIDATORS, Bytes32.leftPad(address.bytes()));
    }

    private static Bytes32 candidateSlot(long index) {
        return ModuleStorage.offset(Keccak256.hash(CANDIDATES), index);
    }

    private static Bytes32 setHeightSlot(long index) {
        return ModuleStorage.offset(Keccak256.hash(SET_HEIGHTS), index);
    }

    private static Bytes32 setSlot(long effectiveFrom) {
        return ModuleStorage.mappingSlot(SETS, UInt256.valueOf(effectiveFrom));
    }
}
