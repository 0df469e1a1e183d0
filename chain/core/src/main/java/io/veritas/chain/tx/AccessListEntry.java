package io.veritas.chain.tx;

import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/** One EIP-2930 access list entry: an address and the storage keys the transaction declares it will touch. */
public record AccessListEntry(Address address, List<Bytes32> storageKeys) {
  public AccessListEntry {
    Objects.requireNonNull(address, "address");
    storageKeys = List.copyOf(storageKeys);
  }
}
