package io.veritas.chain.storage;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The kinds of data the node stores; each is one RocksDB column family. */
public enum Column {
  HEADERS,
  BODIES,
  RECEIPTS,
  /** Merkle Patricia trie nodes keyed by their keccak256 hash. */
  TRIE_NODES,
  /** Secondary indexes: block number to hash, transaction hash to location, logs. */
  INDEXES,
  CONSENSUS_WAL,
  METADATA;

  /** The RocksDB column family name; stable on disk, so never derived from the ordinal. */
  public byte[] familyName() {
    return name().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
  }
}
