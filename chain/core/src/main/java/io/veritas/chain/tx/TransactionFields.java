package io.veritas.chain.tx;

import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.apache.tuweni.units.bigints.UInt256;

/** Field rules and RLP pieces shared by the transaction envelopes. */
final class TransactionFields {
  /** EIP-2681: a nonce must stay below 2^64 - 1 (here as an unsigned long) so that it can still be incremented. */
  static final long NONCE_LIMIT = -1L;

  private TransactionFields() {}

  static void requireCommon(long nonce, Optional<Address> to, UInt256 value, Bytes data) {
    if (nonce == NONCE_LIMIT) {
      throw new InvalidTransactionException(
          "nonce " + Long.toUnsignedString(nonce) + " is too big: it must be below 2^64-1 (EIP-2681)");
    }
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(data, "data");
  }

  static void requireChainId(long chainId) {
    if (chainId < 1) {
      throw new InvalidTransactionException("invalid chain id " + chainId + ": must be at least 1");
    }
  }

  static void writeAccessList(RLPWriter writer, List<AccessListEntry> accessList) {
    writer.writeList(
        accessList,
        (entryWriter, entry) ->
            entryWriter.writeList(
                w -> {
                  w.writeValue(entry.address().bytes());
                  w.writeList(entry.storageKeys(), (keyWriter, key) -> keyWriter.writeValue(key));
                }));
  }

  static List<AccessListEntry> readAccessList(RLPReader reader) {
    return Rlp.readListOf(
        reader,
        "accessList",
        entryReader ->
            Rlp.readList(
                entryReader,
                "accessList entry",
                fields ->
                    new AccessListEntry(
                        Rlp.readAddress(fields, "accessList address"),
                        Rlp.readListOf(fields, "accessList storage keys", keys -> Rlp.readBytes32(keys, "accessList storage key")))));
  }

}
