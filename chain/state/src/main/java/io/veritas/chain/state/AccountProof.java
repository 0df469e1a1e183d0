package io.veritas.chain.state;

import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * What {@code eth_getProof} returns: the account (EMPTY if absent), the RLP nodes proving it against the state
 * root, and a proof per requested storage slot against the account's storage root.
 */
public record AccountProof(Address address, Account account, List<Bytes> accountProof, List<StorageProof> storageProofs) {
  public AccountProof {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(account, "account");
    accountProof = List.copyOf(accountProof);
    storageProofs = List.copyOf(storageProofs);
  }
}
