package io.veritas.chain.trie;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.storage.KeyValueVisitor;
import io.veritas.chain.storage.WriteBatch;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A {@link MerklePatriciaTrie} whose keys are keccak256 of the caller's keys, as Ethereum's account and
 * storage tries are: paths have a fixed length of 64 nibbles and an attacker cannot choose a deep path.
 * Iteration yields the hashed keys (the trie does not keep preimages).
 */
public final class SecureTrie {
  private final MerklePatriciaTrie trie;

  private SecureTrie(MerklePatriciaTrie trie) {
    this.trie = trie;
  }

  public static SecureTrie inMemory() {
    return new SecureTrie(MerklePatriciaTrie.inMemory());
  }

  public static SecureTrie open(NodeStore store, Bytes32 rootHash) {
    return new SecureTrie(MerklePatriciaTrie.open(store, rootHash));
  }

  public Optional<Bytes> get(Bytes key) {
    return trie.get(Keccak256.hash(key));
  }

  public void put(Bytes key, Bytes value) {
    trie.put(Keccak256.hash(key), value);
  }

  public void remove(Bytes key) {
    trie.remove(Keccak256.hash(key));
  }

  /** Reads by an already hashed key, for callers that cache keccak256 of their keys. */
  public Optional<Bytes> getByHash(Bytes32 keyHash) {
    return trie.get(keyHash);
  }

  public void putByHash(Bytes32 keyHash, Bytes value) {
    trie.put(keyHash, value);
  }

  public void removeByHash(Bytes32 keyHash) {
    trie.remove(keyHash);
  }

  public boolean isEmpty() {
    return trie.isEmpty();
  }

  public Bytes32 rootHash() {
    return trie.rootHash();
  }

  public Bytes32 commit(WriteBatch batch) {
    return trie.commit(batch);
  }

  /** Proof for {@code key}: the path to keccak256(key), as {@code eth_getProof} returns it. */
  public List<Bytes> proof(Bytes key) {
    return trie.proof(Keccak256.hash(key));
  }

  public static Optional<Bytes> verifyProof(Bytes32 rootHash, Bytes key, List<Bytes> proof) {
    return MerklePatriciaTrie.verifyProof(rootHash, Keccak256.hash(key), proof);
  }

  /** Visits every entry in ascending order of the hashed key; the visitor sees the hashed key. */
  public void forEachEntry(KeyValueVisitor visitor) {
    trie.forEachEntry(visitor);
  }

  /** Visits the entries whose hashed key is {@code >= startKeyHash}. */
  public void forEachEntry(Bytes32 startKeyHash, KeyValueVisitor visitor) {
    trie.forEachEntry(startKeyHash, visitor);
  }

  public MerklePatriciaTrie.Snapshot snapshot() {
    return trie.snapshot();
  }

  public void restore(MerklePatriciaTrie.Snapshot snapshot) {
    trie.restore(snapshot);
  }
}
