package io.veritas.consensus.staking;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * The active validators from height {@code effectiveFrom} on (until the next change), in ascending address order, as
 * the staking module stores them. The node turns it into the engine's {@code ValidatorSet} ({@link #validators()},
 * {@link #changesTo}) and puts {@link #hash()} in each header as the validatorsHash.
 */
public record StakedValidatorSet(long effectiveFrom, List<StakedValidator> members) {

    public StakedValidatorSet {
        if (effectiveFrom < 0) {
            throw new IllegalArgumentException("a validator set cannot take effect at negative height " + effectiveFrom);
        }
        List<StakedValidator> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(StakedValidator::address));
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("validator set effective from height " + effectiveFrom + " is empty");
        }
        Set<Address> seen = new HashSet<>();
        for (StakedValidator v : sorted) {
            if (!seen.add(v.address())) {
                throw new IllegalArgumentException("validator " + v.address() + " appears twice in the set effective from "
                        + effectiveFrom);
            }
        }
        members = List.copyOf(sorted);
    }

    public Optional<StakedValidator> member(Address address) {
        return members.stream().filter(v -> v.address().equals(address)).findFirst();
    }

    public boolean contains(Address address) {
        return member(address).isPresent();
    }

    public long totalPower() {
        long total = 0;
        for (StakedValidator v : members) {
            total = Math.addExact(total, v.power());
        }
        return total;
    }

    /** The engine's members (address, power). */
    public List<Validator> validators() {
        return members.stream().map(StakedValidator::toValidator).toList();
    }

    /**
     * keccak256(RLP([[address, power, vrfKey], ...])) over the members in ascending address order: what block headers
     * commit to as validatorsHash. The VRF key is included because the beacon of each height is checked against it.
     */
    public Bytes32 hash() {
        return Keccak256.hash(RLP.encodeList(w -> members.forEach(v -> w.writeList(item -> {
            item.writeValue(v.address().bytes());
            item.writeLong(v.power());
            item.writeValue(v.vrfKey());
        }))));
    }

    /**
     * The changes that turn this set into {@code next}, in the form {@code ValidatorSet.nextHeight(changes)} takes:
     * new or re-weighted members with their power, departed members with power 0. Members whose only change is their
     * VRF key need no change (the engine does not see VRF keys).
     */
    public List<ValidatorChange> changesTo(StakedValidatorSet next) {
        Map<Address, Long> before = new HashMap<>();
        members.forEach(v -> before.put(v.address(), v.power()));
        List<ValidatorChange> changes = new ArrayList<>();
        for (StakedValidator v : next.members) {
            Long old = before.remove(v.address());
            if (old == null || old != v.power()) {
                changes.add(new ValidatorChange(CommitCertificates.validator(v.address()), v.power()));
            }
        }
        before.keySet().stream().sorted().forEach(a -> changes.add(new ValidatorChange(CommitCertificates.validator(a), 0)));
        return changes;
    }
}
