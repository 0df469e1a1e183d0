package io.veritas.chain.state;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.storage.Column;
import io.veritas.chain.storage.KeyValueStore;
import io.veritas.chain.storage.KeyValueVisitor;
import io.veritas.chain.storage.WriteBatch;
import io.veritas.chain.trie.MerklePatriciaTrie;
import io.veritas.chain.trie.MissingTrieNodeException;
import io.veritas.chain.trie.NodeStore;
import io.veritas.chain.trie.SecureTrie;
import io.veritas.chain.types.Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The Ethereum-shaped world state at one state root: a secure trie of accounts, each with its own secure
 * storage trie. Changes are kept per account in memory and written into the tries only when a root is needed
 * ({@link #rootHash()}, {@link #commit}), so a block's many updates of one account cost one trie update.
 *
 * <p>Checkpoints nest: {@link #checkpoint()} opens one, {@link #revertToCheckpoint()} undoes every change since
 * the innermost open one and closes it, {@link #releaseCheckpoint()} closes it keeping the changes (an outer
 * checkpoint can still undo them). Undo is a journal of previous values; storage tries are persistent, so a
 * storage undo restores an O(1) trie snapshot.
 *
 * <p>Accounts that end up empty (zero nonce and balance, no storage, no code) are removed from the trie, as
 * EIP-161 does. Trie nodes are never deleted, so every committed root stays readable with {@link #open}.
 * Not thread-safe: open one instance per thread (opening is O(1)).
 */
public final class WorldState {
  private final NodeStore nodes;
  private final SecureTrie accounts;
  private final Map<Address, AccountEntry> entries = new HashMap<>();
  /** Entries changed since the last flush into the account trie. */
  private final List<AccountEntry> dirty = new ArrayList<>();
  /** Entries whose storage trie holds nodes not yet written by {@link #commit}. */
  private final List<AccountEntry> uncommittedStorage = new ArrayList<>();
  private final List<Runnable> journal = new ArrayList<>();
  private final Deque<Integer> checkpoints = new ArrayDeque<>();

  private WorldState(NodeStore nodes, Bytes32 root) {
    this.nodes = nodes;
    this.accounts = SecureTrie.open(nodes, root);
  }

  /** A state with no accounts over {@code store} (a genesis state is built from this). */
  public static WorldState empty(KeyValueStore store) {
    return new WorldState(NodeStore.of(store), MerklePatriciaTrie.EMPTY_TRIE_ROOT);
  }

  /**
   * The state at {@code stateRoot}, which must have been committed to {@code store}. O(1): accounts and nodes
   * are read when first used.
   *
   * @throws MissingTrieNodeException if the root node is not in the store
   */
  public static WorldState open(KeyValueStore store, Bytes32 stateRoot) {
    if (!stateRoot.equals(MerklePatriciaTrie.EMPTY_TRIE_ROOT) && !store.containsKey(Column.TRIE_NODES, stateRoot)) {
      throw new MissingTrieNodeException(stateRoot, "state root was never committed to this store");
    }
    return new WorldState(NodeStore.of(store), stateRoot);
  }

  /** The account at {@code address}, {@link Account#EMPTY} when it does not exist. */
  public Account account(Address address) {
    AccountEntry e = entry(address);
    return new Account(e.nonce, e.balance, storageRoot(e), e.codeHash);
  }

  /** The account at {@code address} unless it is empty (and so not in the state trie). */
  public Optional<Account> find(Address address) {
    Account account = account(address);
    return account.isEmpty() ? Optional.empty() : Optional.of(account);
  }

  public UInt256 balance(Address address) {
    return entry(address).balance;
  }

  public long nonce(Address address) {
    return entry(address).nonce;
  }

  public void setBalance(Address address, UInt256 balance) {
    AccountEntry e = entry(address);
    UInt256 previous = e.balance;
    record(() -> e.balance = previous, e);
    e.balance = balance;
    markDirty(e);
  }

  /**
   * @throws ArithmeticException if the balance would exceed 2^256 - 1
   */
  public void addBalance(Address address, UInt256 amount) {
    UInt256 balance = balance(address);
    UInt256 sum = balance.add(amount);
    if (sum.compareTo(balance) < 0) {
      throw new ArithmeticException("balance overflow: account " + address + " has " + balance.toDecimalString()
          + " wei, cannot credit " + amount.toDecimalString() + " wei");
    }
    setBalance(address, sum);
  }

  /**
   * @throws InsufficientBalanceException if the balance is smaller than {@code amount}; nothing changes then
   */
  public void subtractBalance(Address address, UInt256 amount) {
    UInt256 balance = balance(address);
    if (balance.compareTo(amount) < 0) {
      throw new InsufficientBalanceException(address, balance, amount);
    }
    setBalance(address, balance.subtract(amount));
  }

  public void setNonce(Address address, long nonce) {
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce must not be negative, got " + nonce + " for " + address);
    }
    AccountEntry e = entry(address);
    long previous = e.nonce;
    record(() -> e.nonce = previous, e);
    e.nonce = nonce;
    markDirty(e);
  }

  /** The value in {@code slot} of the account's storage; zero when unset. */
  public UInt256 storage(Address address, Bytes32 slot) {
    return storageTrie(entry(address))
        .get(slot)
        .map(rlp -> UInt256.fromBytes(RLP.decodeValue(rlp)))
        .orElse(UInt256.ZERO);
  }

  /**
   * Sets {@code slot} of the account's storage. As in Ethereum the trie holds RLP(value without leading zero
   * bytes) under keccak256(slot), and a zero value deletes the slot.
   */
  public void setStorage(Address address, Bytes32 slot, UInt256 value) {
    AccountEntry e = entry(address);
    SecureTrie storage = storageTrie(e);
    MerklePatriciaTrie.Snapshot previous = storage.snapshot();
    record(
        () -> {
          storage.restore(previous);
          e.storageDirty = true; // the cached root may have been computed after this change
        },
        e);
    if (value.isZero()) {
      storage.remove(slot);
    } else {
      storage.put(slot, RLP.encodeValue(value.toMinimalBytes()));
    }
    e.storageDirty = true;
    if (!e.storageUncommitted) {
      e.storageUncommitted = true;
      uncommittedStorage.add(e);
    }
    markDirty(e);
  }

  /**
   * Visits the account's storage in ascending order of keccak256(slot) (the trie keeps no preimages): the key
   * is the hashed slot, the value the stored number without leading zeros.
   */
  public void forEachStorage(Address address, KeyValueVisitor visitor) {
    storageTrie(entry(address)).forEachEntry((slotHash, rlp) -> visitor.visit(slotHash, RLP.decodeValue(rlp)));
  }

  /** Opens a checkpoint; checkpoints nest. */
  public void checkpoint() {
    checkpoints.push(journal.size());
  }

  /** Undoes every change since the innermost open checkpoint and closes it. */
  public void revertToCheckpoint() {
    if (checkpoints.isEmpty()) {
      throw new IllegalStateException("revertToCheckpoint without an open checkpoint");
    }
    int mark = checkpoints.pop();
    for (int i = journal.size() - 1; i >= mark; i--) {
      journal.remove(i).run();
    }
  }

  /** Closes the innermost open checkpoint, keeping its changes. */
  public void releaseCheckpoint() {
    if (checkpoints.isEmpty()) {
      throw new IllegalStateException("releaseCheckpoint without an open checkpoint");
    }
    checkpoints.pop();
    if (checkpoints.isEmpty()) {
      journal.clear(); // nothing can undo these changes any more
    }
  }

  public int openCheckpoints() {
    return checkpoints.size();
  }

  /** The state root of the current contents. Writes nothing; changed nodes' hashes are computed and cached. */
  public Bytes32 rootHash() {
    flush();
    return accounts.rootHash();
  }

  /**
   * Writes the new trie nodes of every changed storage trie and of the account trie to {@code batch} and
   * returns the new state root; the state can be reopened at that root once the batch is committed.
   *
   * @throws IllegalStateException if a checkpoint is open (its changes could still be reverted)
   */
  public Bytes32 commit(WriteBatch batch) {
    if (!checkpoints.isEmpty()) {
      throw new IllegalStateException("cannot commit the state with " + checkpoints.size() + " open checkpoint(s)");
    }
    flush();
    for (AccountEntry e : uncommittedStorage) {
      e.storage.commit(batch);
      e.storageUncommitted = false;
    }
    uncommittedStorage.clear();
    return accounts.commit(batch);
  }

  /** The account's proof against the current state root (eth_getProof's accountProof). */
  public List<Bytes> accountProof(Address address) {
    flush();
    return accounts.proof(address.bytes());
  }

  /** The slot's proof against the account's current storage root (eth_getProof's storageProof[i].proof). */
  public List<Bytes> storageProof(Address address, Bytes32 slot) {
    return storageTrie(entry(address)).proof(slot);
  }

  /** Everything {@code eth_getProof(address, slots)} returns, against the current {@link #rootHash()}. */
  public AccountProof proof(Address address, List<Bytes32> slots) {
    List<StorageProof> storageProofs = new ArrayList<>(slots.size());
    for (Bytes32 slot : slots) {
      storageProofs.add(new StorageProof(slot, storage(address, slot), storageProof(address, slot)));
    }
    return new AccountProof(address, account(address), accountProof(address), storageProofs);
  }

  private AccountEntry entry(Address address) {
    AccountEntry e = entries.get(address);
    if (e == null) {
      Bytes32 addressHash = Keccak256.hash(address.bytes());
      Account stored = accounts.getByHash(addressHash).map(Account::decode).orElse(Account.EMPTY);
      e = new AccountEntry(addressHash, stored);
      entries.put(address, e);
    }
    return e;
  }

  private SecureTrie storageTrie(AccountEntry e) {
    if (e.storage == null) {
      e.storage = SecureTrie.open(nodes, e.storageRoot);
    }
    return e.storage;
  }

  private static Bytes32 storageRoot(AccountEntry e) {
    if (e.storageDirty) {
      e.storageRoot = e.storage.rootHash();
      e.storageDirty = false;
    }
    return e.storageRoot;
  }

  /** Journals {@code undo} while a checkpoint is open; the undo marks the entry dirty again. */
  private void record(Runnable undo, AccountEntry e) {
    if (!checkpoints.isEmpty()) {
      journal.add(
          () -> {
            undo.run();
            markDirty(e);
          });
    }
  }

  private void markDirty(AccountEntry e) {
    if (!e.dirty) {
      e.dirty = true;
      dirty.add(e);
    }
  }

  /** Writes every changed account into the account trie. */
  private void flush() {
    for (AccountEntry e : dirty) {
      Account account = new Account(e.nonce, e.balance, storageRoot(e), e.codeHash);
      if (account.isEmpty()) {
        accounts.removeByHash(e.addressHash);
      } else {
        accounts.putByHash(e.addressHash, account.encode());
      }
      e.dirty = false;
    }
    dirty.clear();
  }

  /** The mutable working copy of one account. */
  private static final class AccountEntry {
    final Bytes32 addressHash;
    long nonce;
    UInt256 balance;
    final Bytes32 codeHash;
    /** Root of {@link #storage} as of the last computation; stale while {@link #storageDirty}. */
    Bytes32 storageRoot;
    SecureTrie storage; // opened on first use
    boolean storageDirty;
    boolean storageUncommitted;
    boolean dirty;

    AccountEntry(Bytes32 addressHash, Account stored) {
      this.addressHash = addressHash;
      this.nonce = stored.nonce();
      this.balance = stored.balance();
      this.codeHash = stored.codeHash();
      this.storageRoot = stored.storageRoot();
    }
  }
}
