package io.veritas.consensus.staking;

import io.veritas.chain.types.Address;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/** A validator of the genesis block: its account, the wei it has bonded from block 0, and its VRF public key. */
public record GenesisStake(Address address, UInt256 stake, Bytes vrfKey) {
    public GenesisStake {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(stake, "stake");
        Objects.requireNonNull(vrfKey, "vrfKey");
    }
}
