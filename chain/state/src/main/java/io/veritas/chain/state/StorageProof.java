package io.veritas.chain.state;

import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/** One storage slot's value (zero if unset) and the storage-trie nodes proving it. */
public record StorageProof(Bytes32 slot, UInt256 value, List<Bytes> proof) {
  public StorageProof {
    Objects.requireNonNull(slot, "slot");
    Objects.requireNonNull(value, "value");
    proof = List.copyOf(proof);
  }
}
