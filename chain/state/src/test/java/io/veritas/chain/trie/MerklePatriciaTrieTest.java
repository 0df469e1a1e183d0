package io.veritas.chain.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.storage.KeyValueStore;
import io.veritas.chain.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;

class MerklePatriciaTrieTest {

  private static Bytes s(String text) {
    return Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Random keys of mixed lengths with shared prefixes, so every node kind and inline nodes occur. */
  private static TreeMap<Bytes, Bytes> randomEntries(long seed, int count) {
    Random random = new Random(seed);
    TreeMap<Bytes, Bytes> entries = new TreeMap<>(MerklePatriciaTrieTest::compareUnsigned);
    while (entries.size() < count) {
      byte[] key = new byte[1 + random.nextInt(6)];
      random.nextBytes(key);
      key[0] = (byte) (key[0] & 0x13); // few first bytes: long shared prefixes
      byte[] value = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 60)];
      random.nextBytes(value);
      entries.put(Bytes.wrap(key), Bytes.wrap(value));
    }
    return entries;
  }

  private static int compareUnsigned(Bytes a, Bytes b) {
    return Arrays.compareUnsigned(a.toArrayUnsafe(), b.toArrayUnsafe());
  }

  @Test
  void emptyTrieHasTheEmptyRoot() {
    assertEquals(
        Bytes32.fromHexString("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),
        MerklePatriciaTrie.inMemory().rootHash());
    assertEquals(Keccak256.hash(RLP.encodeValue(Bytes.EMPTY)), MerklePatriciaTrie.EMPTY_TRIE_ROOT);
  }

  @Test
  void singleLeafRootIsKeccakOfItsRlp() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    trie.put(s("dog"), s("puppy"));
    // Leaf of the even path 6 4 6 f 6 7: hex-prefix flag 0x20, then the key bytes.
    Bytes leaf = RLP.encodeList(w -> {
      w.writeValue(Bytes.fromHexString("0x20646f67"));
      w.writeValue(s("puppy"));
    });
    assertEquals(Keccak256.hash(leaf), trie.rootHash());
  }

  @Test
  void getSeesPutsOverwritesAndRemovals() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    trie.put(s("do"), s("verb"));
    trie.put(s("dog"), s("puppy"));
    trie.put(s("doge"), s("coin"));
    trie.put(s("dog"), s("hound"));
    trie.remove(s("do"));
    trie.remove(s("absent"));
    assertEquals(Optional.empty(), trie.get(s("do")));
    assertEquals(Optional.of(s("hound")), trie.get(s("dog")));
    assertEquals(Optional.of(s("coin")), trie.get(s("doge")));
    assertEquals(Optional.empty(), trie.get(s("d")));
    assertEquals(Optional.empty(), trie.get(s("dogecoin")));
    trie.put(s("doge"), Bytes.EMPTY); // an empty value deletes
    assertEquals(Optional.empty(), trie.get(s("doge")));
  }

  @Test
  void rootDoesNotDependOnInsertionOrderOrOnRemovedKeys() {
    TreeMap<Bytes, Bytes> entries = randomEntries(1, 400);
    MerklePatriciaTrie sorted = MerklePatriciaTrie.inMemory();
    entries.forEach(sorted::put);

    List<Map.Entry<Bytes, Bytes>> shuffled = new ArrayList<>(entries.entrySet());
    Collections.shuffle(shuffled, new Random(2));
    MerklePatriciaTrie mixed = MerklePatriciaTrie.inMemory();
    TreeMap<Bytes, Bytes> extra = randomEntries(3, 200);
    extra.keySet().removeAll(entries.keySet());
    for (Map.Entry<Bytes, Bytes> e : shuffled) {
      mixed.put(e.getKey(), e.getValue());
    }
    extra.forEach(mixed::put);
    extra.keySet().forEach(mixed::remove);

    assertEquals(sorted.rootHash(), mixed.rootHash());
    for (Map.Entry<Bytes, Bytes> e : entries.entrySet()) {
      assertEquals(Optional.of(e.getValue()), mixed.get(e.getKey()));
    }
    entries.keySet().forEach(mixed::remove);
    assertEquals(MerklePatriciaTrie.EMPTY_TRIE_ROOT, mixed.rootHash());
    assertTrue(mixed.isEmpty());
  }

  @Test
  void proofsVerifyForPresentAndAbsentKeys() {
    TreeMap<Bytes, Bytes> entries = randomEntries(4, 300);
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    entries.forEach(trie::put);
    Bytes32 root = trie.rootHash();
    for (Map.Entry<Bytes, Bytes> e : entries.entrySet()) {
      assertEquals(Optional.of(e.getValue()), MerklePatriciaTrie.verifyProof(root, e.getKey(), trie.proof(e.getKey())));
    }
    for (Map.Entry<Bytes, Bytes> e : randomEntries(5, 100).entrySet()) {
      if (!entries.containsKey(e.getKey())) {
        assertEquals(Optional.empty(), MerklePatriciaTrie.verifyProof(root, e.getKey(), trie.proof(e.getKey())));
      }
    }
  }

  @Test
  void proofWithAMissingNodeIsRejected() {
    TreeMap<Bytes, Bytes> entries = randomEntries(6, 300);
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    entries.forEach(trie::put);
    Bytes key = entries.lastKey();
    List<Bytes> proof = new ArrayList<>(trie.proof(key));
    assertTrue(proof.size() >= 2, "random trie of 300 keys is deeper than one node");
    proof.remove(proof.size() - 1);
    assertThrows(InvalidProofException.class, () -> MerklePatriciaTrie.verifyProof(trie.rootHash(), key, proof));
    // A proof against another root does not verify either.
    Bytes32 otherRoot = Keccak256.hash(s("another root"));
    assertThrows(InvalidProofException.class, () -> MerklePatriciaTrie.verifyProof(otherRoot, key, trie.proof(key)));
  }

  @Test
  void committedTrieReopensFromTheStoreWithTheSameContents() {
    KeyValueStore store = new InMemoryKeyValueStore();
    TreeMap<Bytes, Bytes> entries = randomEntries(7, 500);
    MerklePatriciaTrie trie = MerklePatriciaTrie.open(NodeStore.of(store), MerklePatriciaTrie.EMPTY_TRIE_ROOT);
    entries.forEach(trie::put);
    Bytes32 root;
    try (WriteBatch batch = store.newBatch()) {
      root = trie.commit(batch);
      batch.commit();
    }
    assertEquals(trie.rootHash(), root);

    MerklePatriciaTrie reopened = MerklePatriciaTrie.open(NodeStore.of(store), root);
    assertEquals(root, reopened.rootHash());
    TreeMap<Bytes, Bytes> read = new TreeMap<>(MerklePatriciaTrieTest::compareUnsigned);
    reopened.forEachEntry((k, v) -> {
      read.put(k, v);
      return true;
    });
    assertEquals(entries, read);
    Bytes someKey = entries.firstKey();
    assertEquals(Optional.of(entries.get(someKey)), reopened.get(someKey));
    assertEquals(trie.proof(someKey), reopened.proof(someKey));
  }

  @Test
  void secondCommitWritesOnlyTheChangedPath() {
    KeyValueStore store = new InMemoryKeyValueStore();
    MerklePatriciaTrie trie = MerklePatriciaTrie.open(NodeStore.of(store), MerklePatriciaTrie.EMPTY_TRIE_ROOT);
    Random random = new Random(8);
    for (int i = 0; i < 2000; i++) {
      trie.put(Keccak256.hash(Bytes.ofUnsignedInt(i)), Bytes32.random(random));
    }
    try (WriteBatch batch = store.newBatch()) {
      trie.commit(batch);
      assertTrue(batch.size() > 2000, "first commit writes every node, wrote " + batch.size());
      batch.commit();
    }
    MerklePatriciaTrie reopened = MerklePatriciaTrie.open(NodeStore.of(store), trie.rootHash());
    reopened.put(Keccak256.hash(Bytes.ofUnsignedInt(5)), Bytes32.random(random));
    try (WriteBatch batch = store.newBatch()) {
      reopened.commit(batch);
      // 2000 random 32-byte keys: branches at depth 0..2 and a leaf.
      assertTrue(batch.size() >= 2 && batch.size() <= 5, "changed path only, wrote " + batch.size());
    }
    try (WriteBatch batch = store.newBatch()) {
      reopened.commit(batch);
      assertEquals(0, batch.size(), "nothing changed since the last commit");
    }
  }

  @Test
  void smallRootIsStoredUnderItsHash() {
    KeyValueStore store = new InMemoryKeyValueStore();
    MerklePatriciaTrie trie = MerklePatriciaTrie.open(NodeStore.of(store), MerklePatriciaTrie.EMPTY_TRIE_ROOT);
    trie.put(s("a"), s("b")); // the root leaf's RLP is 4 bytes, so no parent would store it
    Bytes32 root;
    try (WriteBatch batch = store.newBatch()) {
      root = trie.commit(batch);
      batch.commit();
    }
    assertEquals(Optional.of(s("b")), MerklePatriciaTrie.open(NodeStore.of(store), root).get(s("a")));
  }

  @Test
  void readingARootThatIsNotStoredFailsClearly() {
    Bytes32 unknown = Keccak256.hash(s("never committed"));
    MerklePatriciaTrie trie = MerklePatriciaTrie.open(NodeStore.of(new InMemoryKeyValueStore()), unknown);
    assertEquals(unknown, trie.rootHash()); // opening reads nothing
    MissingTrieNodeException e = assertThrows(MissingTrieNodeException.class, () -> trie.get(s("a")));
    assertEquals(unknown, e.hash());
    assertTrue(e.getMessage().startsWith("trie node " + unknown.toHexString() + " is missing"), e.getMessage());
  }

  @Test
  void iterationIsInKeyOrderAndCanStartAtAKey() {
    TreeMap<Bytes, Bytes> entries = randomEntries(9, 300);
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    entries.forEach(trie::put);
    List<Bytes> all = new ArrayList<>();
    trie.forEachEntry((k, v) -> {
      all.add(k);
      return true;
    });
    assertEquals(new ArrayList<>(entries.keySet()), all);

    // Start keys that are present, absent, and prefixes of other keys.
    for (Bytes start : List.of(entries.firstKey(), all.get(150), Bytes.of(0x02), Bytes.fromHexString("0x1200"),
        Bytes.EMPTY, Bytes.fromHexString("0xffff"))) {
      List<Bytes> expected = new ArrayList<>(entries.tailMap(start, true).keySet()).subList(0,
          Math.min(20, entries.tailMap(start, true).size()));
      List<Bytes> from = new ArrayList<>();
      trie.forEachEntry(start, (k, v) -> {
        from.add(k);
        return from.size() < 20;
      });
      assertEquals(expected, from, "from " + start);
    }
  }

  @Test
  void snapshotRestoresEarlierContents() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    trie.put(s("a"), s("1"));
    Bytes32 before = trie.rootHash();
    MerklePatriciaTrie.Snapshot snapshot = trie.snapshot();
    trie.put(s("b"), s("2"));
    trie.remove(s("a"));
    trie.restore(snapshot);
    assertEquals(before, trie.rootHash());
    assertEquals(Optional.empty(), trie.get(s("b")));
  }
}
