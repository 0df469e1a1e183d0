package io.veritas.chain.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.storage.KeyValueStore;
import io.veritas.chain.storage.WriteBatch;
import io.veritas.chain.trie.MerklePatriciaTrie;
import io.veritas.chain.trie.MissingTrieNodeException;
import io.veritas.chain.trie.SecureTrie;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class WorldStateTest {
  private static final Address ALICE = Address.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  private static final Address BOB = Address.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
  private static final Address MODULE = Address.fromLong(0x2000);
  private static final Bytes32 SLOT = Bytes32.fromHexString("0x01");

  private final KeyValueStore store = new InMemoryKeyValueStore();

  private Bytes32 commit(WorldState state) {
    try (WriteBatch batch = store.newBatch()) {
      Bytes32 root = state.commit(batch);
      batch.commit();
      return root;
    }
  }

  /** keccak256(RLP(leaf)) of a trie holding one 32-byte key: hex-prefix 0x20 (even leaf) then the key. */
  private static Bytes32 singleLeafRoot(Bytes32 hashedKey, Bytes value) {
    Bytes leaf = RLP.encodeList(w -> {
      w.writeValue(Bytes.concatenate(Bytes.of(0x20), hashedKey));
      w.writeValue(value);
    });
    return Keccak256.hash(leaf);
  }

  @Test
  void emptyStateHasTheEmptyTrieRoot() {
    WorldState state = WorldState.empty(store);
    assertEquals(
        Bytes32.fromHexString("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"),
        state.rootHash());
    assertEquals(Account.EMPTY, state.account(ALICE));
    assertEquals(Optional.empty(), state.find(ALICE));
  }

  @Test
  void oneAccountStateRootIsTheHashOfOneLeaf() {
    WorldState state = WorldState.empty(store);
    state.setBalance(ALICE, UInt256.valueOf(10_000));
    state.setNonce(ALICE, 3);
    Account expected = new Account(3, UInt256.valueOf(10_000), MerklePatriciaTrie.EMPTY_TRIE_ROOT, Keccak256.EMPTY);
    assertEquals(expected, state.account(ALICE));
    assertEquals(singleLeafRoot(Keccak256.hash(ALICE.bytes()), expected.encode()), state.rootHash());
  }

  @Test
  void storageIsRlpOfTheTrimmedValueUnderTheHashedSlot() {
    WorldState state = WorldState.empty(store);
    state.setStorage(MODULE, SLOT, UInt256.valueOf(0x1234));
    assertEquals(UInt256.valueOf(0x1234), state.storage(MODULE, SLOT));
    Bytes32 storageRoot = singleLeafRoot(Keccak256.hash(SLOT), Bytes.fromHexString("0x821234"));
    Account expected = Account.EMPTY.withStorageRoot(storageRoot);
    assertEquals(expected, state.account(MODULE));
    assertEquals(singleLeafRoot(Keccak256.hash(MODULE.bytes()), expected.encode()), state.rootHash());
  }

  @Test
  void zeroStorageValueDeletesTheSlotAndAnEmptiedAccountLeavesTheTrie() {
    WorldState state = WorldState.empty(store);
    state.setStorage(MODULE, SLOT, UInt256.valueOf(7));
    state.setBalance(BOB, UInt256.valueOf(1));
    Bytes32 bobOnly = singleLeafRoot(Keccak256.hash(BOB.bytes()), Account.EMPTY.withBalance(UInt256.ONE).encode());
    state.setStorage(MODULE, SLOT, UInt256.ZERO);
    assertEquals(MerklePatriciaTrie.EMPTY_TRIE_ROOT, state.account(MODULE).storageRoot());
    assertEquals(Optional.empty(), state.find(MODULE));
    assertEquals(bobOnly, state.rootHash());
    state.subtractBalance(BOB, UInt256.ONE);
    assertEquals(MerklePatriciaTrie.EMPTY_TRIE_ROOT, state.rootHash());
  }

  @Test
  void subtractingMoreThanTheBalanceFailsAndChangesNothing() {
    WorldState state = WorldState.empty(store);
    state.setBalance(ALICE, UInt256.valueOf(5));
    InsufficientBalanceException e =
        assertThrows(InsufficientBalanceException.class, () -> state.subtractBalance(ALICE, UInt256.valueOf(6)));
    assertEquals("insufficient balance: account 0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266 has 5 wei, cannot debit 6"
        + " wei", e.getMessage());
    assertEquals(UInt256.valueOf(5), state.balance(ALICE));
    assertThrows(ArithmeticException.class, () -> state.addBalance(ALICE, UInt256.MAX_VALUE));
  }

  @Test
  void revertUndoesEverythingSinceTheInnermostCheckpoint() {
    WorldState state = WorldState.empty(store);
    state.setBalance(ALICE, UInt256.valueOf(100));
    state.setStorage(MODULE, SLOT, UInt256.valueOf(1));
    Bytes32 base = state.rootHash();

    state.checkpoint();
    state.subtractBalance(ALICE, UInt256.valueOf(40));
    state.addBalance(BOB, UInt256.valueOf(40));
    state.setNonce(ALICE, 1);
    Bytes32 afterTransfer = state.rootHash(); // a root computed inside a checkpoint must not break the revert

    state.checkpoint();
    state.setStorage(MODULE, SLOT, UInt256.valueOf(2));
    state.setStorage(MODULE, Bytes32.fromHexString("0x02"), UInt256.valueOf(3));
    state.addBalance(BOB, UInt256.valueOf(1));
    state.revertToCheckpoint();
    assertEquals(UInt256.valueOf(1), state.storage(MODULE, SLOT));
    assertEquals(UInt256.ZERO, state.storage(MODULE, Bytes32.fromHexString("0x02")));
    assertEquals(afterTransfer, state.rootHash());

    state.checkpoint();
    state.addBalance(BOB, UInt256.valueOf(2));
    state.releaseCheckpoint(); // kept, but the outer checkpoint can still undo it
    assertEquals(UInt256.valueOf(42), state.balance(BOB));

    state.revertToCheckpoint();
    assertEquals(0, state.openCheckpoints());
    assertEquals(UInt256.valueOf(100), state.balance(ALICE));
    assertEquals(0, state.nonce(ALICE));
    assertEquals(Optional.empty(), state.find(BOB));
    assertEquals(base, state.rootHash());
    assertThrows(IllegalStateException.class, state::revertToCheckpoint);
  }

  @Test
  void releasedOutermostCheckpointKeepsChanges() {
    WorldState state = WorldState.empty(store);
    state.checkpoint();
    state.setBalance(ALICE, UInt256.valueOf(9));
    state.releaseCheckpoint();
    assertEquals(UInt256.valueOf(9), state.balance(ALICE));
    assertThrows(IllegalStateException.class, state::releaseCheckpoint);
  }

  @Test
  void commitRefusesOpenCheckpoints() {
    WorldState state = WorldState.empty(store);
    state.checkpoint();
    state.setBalance(ALICE, UInt256.ONE);
    try (WriteBatch batch = store.newBatch()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.commit(batch));
      assertEquals("cannot commit the state with 1 open checkpoint(s)", e.getMessage());
    }
  }

  @Test
  void committedStatesReopenAtEveryHistoricalRoot() {
    WorldState state = WorldState.empty(store);
    state.setBalance(ALICE, UInt256.valueOf(1000));
    state.setStorage(MODULE, SLOT, UInt256.valueOf(11));
    Bytes32 first = commit(state);
    assertEquals(state.rootHash(), first);

    WorldState next = WorldState.open(store, first);
    next.subtractBalance(ALICE, UInt256.valueOf(300));
    next.addBalance(BOB, UInt256.valueOf(300));
    next.setNonce(ALICE, 1);
    next.setStorage(MODULE, SLOT, UInt256.valueOf(12));
    Bytes32 second = commit(next);

    WorldState atFirst = WorldState.open(store, first);
    assertEquals(UInt256.valueOf(1000), atFirst.balance(ALICE));
    assertEquals(Account.EMPTY, atFirst.account(BOB));
    assertEquals(UInt256.valueOf(11), atFirst.storage(MODULE, SLOT));
    assertEquals(first, atFirst.rootHash());

    WorldState atSecond = WorldState.open(store, second);
    assertEquals(new Account(1, UInt256.valueOf(700), MerklePatriciaTrie.EMPTY_TRIE_ROOT, Keccak256.EMPTY),
        atSecond.account(ALICE));
    assertEquals(UInt256.valueOf(300), atSecond.balance(BOB));
    assertEquals(UInt256.valueOf(12), atSecond.storage(MODULE, SLOT));
    assertEquals(second, atSecond.rootHash());
  }

  @Test
  void openingAnUncommittedRootFails() {
    Bytes32 unknown = Keccak256.hash(Bytes.of(1, 2, 3));
    MissingTrieNodeException e = assertThrows(MissingTrieNodeException.class, () -> WorldState.open(store, unknown));
    assertEquals(unknown, e.hash());
  }

  @Test
  void accountAndStorageProofsVerifyAgainstTheRoots() {
    WorldState state = WorldState.empty(store);
    for (int i = 1; i <= 50; i++) {
      state.setBalance(Address.fromLong(i), UInt256.valueOf(i));
      state.setStorage(MODULE, Bytes32.leftPad(Bytes.ofUnsignedInt(i)), UInt256.valueOf(i * 1000L));
    }
    Bytes32 root = commit(state);
    WorldState reopened = WorldState.open(store, root);

    AccountProof proof = reopened.proof(MODULE, List.of(Bytes32.leftPad(Bytes.of(7)), Bytes32.leftPad(Bytes.of(99))));
    assertEquals(Optional.of(proof.account().encode()),
        SecureTrie.verifyProof(root, MODULE.bytes(), proof.accountProof()));
    Bytes32 storageRoot = proof.account().storageRoot();
    StorageProof present = proof.storageProofs().get(0);
    assertEquals(UInt256.valueOf(7000), present.value());
    assertEquals(Optional.of(RLP.encodeValue(UInt256.valueOf(7000).toMinimalBytes())),
        SecureTrie.verifyProof(storageRoot, present.slot(), present.proof()));
    StorageProof absent = proof.storageProofs().get(1);
    assertEquals(UInt256.ZERO, absent.value());
    assertEquals(Optional.empty(), SecureTrie.verifyProof(storageRoot, absent.slot(), absent.proof()));

    Address nobody = Address.fromLong(0xdead);
    assertEquals(Optional.empty(), SecureTrie.verifyProof(root, nobody.bytes(), reopened.accountProof(nobody)));
  }

  @Test
  void storageListingVisitsEverySetSlot() {
    WorldState state = WorldState.empty(store);
    for (int i = 1; i <= 5; i++) {
      state.setStorage(MODULE, Bytes32.leftPad(Bytes.of(i)), UInt256.valueOf(i));
    }
    List<Bytes> values = new ArrayList<>();
    List<Bytes> slotHashes = new ArrayList<>();
    state.forEachStorage(MODULE, (slotHash, value) -> {
      slotHashes.add(slotHash);
      values.add(value);
      return true;
    });
    assertEquals(5, values.size());
    for (int i = 1; i <= 5; i++) {
      Bytes32 hash = Keccak256.hash(Bytes32.leftPad(Bytes.of(i)));
      assertEquals(Bytes.of(i), values.get(slotHashes.indexOf(hash)));
    }
    List<Bytes> ascending = new ArrayList<>(slotHashes);
    ascending.sort((a, b) -> Arrays.compareUnsigned(a.toArrayUnsafe(), b.toArrayUnsafe()));
    assertEquals(ascending, slotHashes);
  }
}
