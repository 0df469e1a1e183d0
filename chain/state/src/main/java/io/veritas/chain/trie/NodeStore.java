package io.veritas.chain.trie;

import io.veritas.chain.storage.Column;
import io.veritas.chain.storage.KeyValueStore;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Where a trie reads its hashed nodes from: RLP of a node, keyed by keccak256 of that RLP. */
@FunctionalInterface
public interface NodeStore {

  Optional<Bytes> load(Bytes32 hash);

  /** Nodes live in {@link Column#TRIE_NODES}, the column {@link MerklePatriciaTrie#commit} writes to. */
  static NodeStore of(KeyValueStore store) {
    return hash -> store.get(Column.TRIE_NODES, hash);
  }

  /** A store with no nodes, for tries built and hashed purely in memory (transaction and receipt roots). */
  static NodeStore none() {
    return hash -> Optional.empty();
  }
}
