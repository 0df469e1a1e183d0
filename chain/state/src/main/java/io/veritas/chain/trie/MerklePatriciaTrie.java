package io.veritas.chain.trie;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.storage.Column;
import io.veritas.chain.storage.KeyValueVisitor;
import io.veritas.chain.storage.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Ethereum's Merkle Patricia trie (yellow paper appendix D) over a {@link NodeStore}.
 *
 * <p>Opening at a root is O(1): nodes are loaded from the store when a read or write first walks through
 * them. Changes stay in memory until {@link #commit(WriteBatch)} writes the new nodes (and only those). An
 * empty value is the same as absence: {@code put(k, EMPTY)} removes {@code k}, as in Ethereum.
 *
 * <p>Not thread-safe; give each thread its own instance (opening one is cheap).
 */
public final class MerklePatriciaTrie {
  /** keccak256(RLP("")), the root of the empty trie. */
  public static final Bytes32 EMPTY_TRIE_ROOT =
      Bytes32.fromHexString("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");

  private final NodeStore store;
  private Node root; // null for the empty trie

  private MerklePatriciaTrie(NodeStore store, Node root) {
    this.store = store;
    this.root = root;
  }

  /** An empty trie that holds everything in memory and never reads a store. */
  public static MerklePatriciaTrie inMemory() {
    return new MerklePatriciaTrie(NodeStore.none(), null);
  }

  /** The trie with root {@code rootHash} in {@code store}; nothing is read until the trie is used. */
  public static MerklePatriciaTrie open(NodeStore store, Bytes32 rootHash) {
    return new MerklePatriciaTrie(store, rootHash.equals(EMPTY_TRIE_ROOT) ? null : new Node.Hash(rootHash));
  }

  public Optional<Bytes> get(Bytes key) {
    return lookup(root, Nibbles.fromBytes(key.toArrayUnsafe()), (hash, depth) -> hash.load(store));
  }

  /** Turns a hash reference met at nibble {@code depth} of the path into the node it names. */
  @FunctionalInterface
  private interface HashResolver {
    Node resolve(Node.Hash hash, int depth);
  }

  /** Follows {@code path} down from {@code node}: the value stored at it, or empty when there is none. */
  private static Optional<Bytes> lookup(Node node, byte[] path, HashResolver resolver) {
    int i = 0;
    while (node != null) {
      if (node instanceof Node.Hash h) {
        node = resolver.resolve(h, i);
      }
      switch (node) {
        case Node.Leaf leaf -> {
          return leaf.path.length == path.length - i && Nibbles.startsWith(path, i, leaf.path)
              ? Optional.of(Bytes.wrap(leaf.value))
              : Optional.empty();
        }
        case Node.Extension ext -> {
          if (!Nibbles.startsWith(path, i, ext.path)) {
            return Optional.empty();
          }
          i += ext.path.length;
          node = ext.child;
        }
        case Node.Branch branch -> {
          if (i == path.length) {
            return branch.value == null ? Optional.empty() : Optional.of(Bytes.wrap(branch.value));
          }
          node = branch.children[path[i++]];
        }
        case Node.Hash h -> throw new IllegalStateException("resolved node is a hash reference " + h.hash());
      }
    }
    return Optional.empty();
  }

  /** Sets {@code key} to {@code value}; an empty value removes the key. */
  public void put(Bytes key, Bytes value) {
    if (value.isEmpty()) {
      remove(key);
      return;
    }
    root = put(root, Nibbles.fromBytes(key.toArrayUnsafe()), 0, value.toArray());
  }

  public void remove(Bytes key) {
    root = remove(root, Nibbles.fromBytes(key.toArrayUnsafe()), 0);
  }

  public boolean isEmpty() {
    return root == null;
  }

  /** The root hash of the current contents, computing the hashes of changed nodes (cached) but writing nothing. */
  public Bytes32 rootHash() {
    return root == null ? EMPTY_TRIE_ROOT : root.hash();
  }

  /**
   * Writes every node created since the last commit (or since opening) to {@link Column#TRIE_NODES} of
   * {@code batch}, keyed by hash, and returns the root hash. Unchanged subtrees are not visited. The caller
   * must commit the batch: nodes written here are not written again by a later commit of this trie.
   */
  public Bytes32 commit(WriteBatch batch) {
    if (root == null) {
      return EMPTY_TRIE_ROOT;
    }
    persist(root, batch);
    // The root is stored under its hash even when its RLP is shorter than 32 bytes, so the trie can be
    // reopened from the root hash; such a root may be a formerly inline (never stored) node.
    if (!(root instanceof Node.Hash) && root.isInline()) {
      batch.put(Column.TRIE_NODES, root.hash(), Bytes.wrap(root.encoded()));
    }
    return root.hash();
  }

  /**
   * The proof for {@code key} as Ethereum's {@code eth_getProof} returns it: the RLP of every node on the path
   * from the root toward the key that is stored by hash (the root, and every node of 32 bytes or more; inline
   * nodes are inside their parent). For an absent key the path stops where the key diverges, proving absence.
   */
  public List<Bytes> proof(Bytes key) {
    List<Bytes> proof = new ArrayList<>();
    byte[] path = Nibbles.fromBytes(key.toArrayUnsafe());
    Node node = root;
    int i = 0;
    boolean first = true;
    while (node != null) {
      node = resolve(node);
      if (first || !node.isInline()) {
        proof.add(Bytes.wrap(node.encoded()));
      }
      first = false;
      switch (node) {
        case Node.Leaf leaf -> node = null;
        case Node.Extension ext -> {
          if (!Nibbles.startsWith(path, i, ext.path)) {
            node = null;
          } else {
            i += ext.path.length;
            node = ext.child;
          }
        }
        case Node.Branch branch -> node = i == path.length ? null : branch.children[path[i++]];
        case Node.Hash h -> throw new IllegalStateException("resolved node is a hash reference " + h.hash());
      }
    }
    return proof;
  }

  /**
   * Checks a proof from {@link #proof} against {@code rootHash} and returns the value it proves for
   * {@code key}: present, or empty when the proof shows the key is absent.
   *
   * @throws InvalidProofException if a node the path needs is not in the proof or is malformed
   */
  public static Optional<Bytes> verifyProof(Bytes32 rootHash, Bytes key, List<Bytes> proof) {
    if (rootHash.equals(EMPTY_TRIE_ROOT)) {
      return Optional.empty();
    }
    Map<Bytes32, byte[]> byHash = new HashMap<>();
    for (Bytes node : proof) {
      byte[] rlp = node.toArray();
      byHash.put(Bytes32.wrap(Keccak256.hash(rlp)), rlp);
    }
    try {
      return lookup(new Node.Hash(rootHash), Nibbles.fromBytes(key.toArrayUnsafe()), (hash, depth) -> {
        byte[] rlp = byHash.get(hash.hash());
        if (rlp == null) {
          throw new InvalidProofException("proof lacks node " + hash.hash().toHexString() + " at path depth " + depth
              + " for key " + key.toHexString() + " under root " + rootHash.toHexString());
        }
        return NodeRlp.decode(rlp, 0, rlp.length, hash.hash());
      });
    } catch (MalformedTrieNodeException e) {
      throw new InvalidProofException("proof for key " + key.toHexString() + " holds a malformed node: "
          + e.getMessage());
    }
  }

  /** Visits every entry in ascending key order; the visitor returns false to stop. */
  public void forEachEntry(KeyValueVisitor visitor) {
    visit(root, Nibbles.EMPTY, null, false, visitor);
  }

  /** Visits the entries with key {@code >= startKey} in ascending key order (for paging through a trie). */
  public void forEachEntry(Bytes startKey, KeyValueVisitor visitor) {
    visit(root, Nibbles.EMPTY, Nibbles.fromBytes(startKey.toArrayUnsafe()), true, visitor);
  }

  /** The current contents as an O(1) token (nodes are immutable), to return to with {@link #restore}. */
  public Snapshot snapshot() {
    return new Snapshot(this, root);
  }

  /** Returns this trie to the contents it had when {@code snapshot} was taken. */
  public void restore(Snapshot snapshot) {
    if (snapshot.trie != this) {
      throw new IllegalArgumentException("snapshot was taken from a different trie");
    }
    root = snapshot.root;
  }

  /** Opaque contents of a trie at one moment; see {@link #snapshot()}. */
  public static final class Snapshot {
    private final MerklePatriciaTrie trie;
    private final Node root;

    private Snapshot(MerklePatriciaTrie trie, Node root) {
      this.trie = trie;
      this.root = root;
    }
  }

  private Node resolve(Node node) {
    return node instanceof Node.Hash h ? h.load(store) : node;
  }

  private Node put(Node node, byte[] path, int i, byte[] value) {
    if (node == null) {
      return new Node.Leaf(Nibbles.slice(path, i), value);
    }
    node = resolve(node);
    int remaining = path.length - i;
    switch (node) {
      case Node.Leaf leaf -> {
        int common = Nibbles.commonPrefix(leaf.path, 0, path, i);
        if (common == leaf.path.length && common == remaining) {
          return Arrays.equals(leaf.value, value) ? leaf : new Node.Leaf(leaf.path, value);
        }
        // The paths diverge after `common` nibbles: a branch there holds both (either may end at it).
        Node[] children = new Node[16];
        byte[] branchValue = null;
        if (common == leaf.path.length) {
          branchValue = leaf.value;
        } else {
          children[leaf.path[common]] = new Node.Leaf(Nibbles.slice(leaf.path, common + 1), leaf.value);
        }
        if (common == remaining) {
          branchValue = value;
        } else {
          children[path[i + common]] = new Node.Leaf(Nibbles.slice(path, i + common + 1), value);
        }
        Node branch = new Node.Branch(children, branchValue);
        return common == 0 ? branch : new Node.Extension(Nibbles.slice(leaf.path, 0, common), branch);
      }
      case Node.Extension ext -> {
        int common = Nibbles.commonPrefix(ext.path, 0, path, i);
        if (common == ext.path.length) {
          Node child = put(ext.child, path, i + common, value);
          return child == ext.child ? ext : new Node.Extension(ext.path, child);
        }
        // Split the extension at the divergence: the rest of it hangs below a new branch.
        Node[] children = new Node[16];
        children[ext.path[common]] =
            common + 1 == ext.path.length
                ? ext.child
                : new Node.Extension(Nibbles.slice(ext.path, common + 1), ext.child);
        byte[] branchValue = null;
        if (common == remaining) {
          branchValue = value;
        } else {
          children[path[i + common]] = new Node.Leaf(Nibbles.slice(path, i + common + 1), value);
        }
        Node branch = new Node.Branch(children, branchValue);
        return common == 0 ? branch : new Node.Extension(Nibbles.slice(ext.path, 0, common), branch);
      }
      case Node.Branch branch -> {
        if (remaining == 0) {
          return Arrays.equals(branch.value, value) ? branch : branch.withValue(value);
        }
        int nibble = path[i];
        Node child = put(branch.children[nibble], path, i + 1, value);
        return child == branch.children[nibble] ? branch : branch.withChild(nibble, child);
      }
      case Node.Hash h -> throw new IllegalStateException("resolved node is a hash reference " + h.hash());
    }
  }

  /** Removes the key below {@code node}; returns {@code node} itself when the key was absent. */
  private Node remove(Node node, byte[] path, int i) {
    if (node == null) {
      return null;
    }
    node = resolve(node);
    switch (node) {
      case Node.Leaf leaf -> {
        boolean match = leaf.path.length == path.length - i && Nibbles.startsWith(path, i, leaf.path);
        return match ? null : leaf;
      }
      case Node.Extension ext -> {
        if (!Nibbles.startsWith(path, i, ext.path)) {
          return ext;
        }
        Node child = remove(ext.child, path, i + ext.path.length);
        return child == ext.child ? ext : prefixed(ext.path, child);
      }
      case Node.Branch branch -> {
        Node.Branch updated;
        if (i == path.length) {
          if (branch.value == null) {
            return branch;
          }
          updated = branch.withValue(null);
        } else {
          int nibble = path[i];
          Node child = branch.children[nibble];
          if (child == null) {
            return branch;
          }
          Node newChild = remove(child, path, i + 1);
          if (newChild == child) {
            return branch;
          }
          updated = branch.withChild(nibble, newChild);
        }
        return collapse(updated);
      }
      case Node.Hash h -> throw new IllegalStateException("resolved node is a hash reference " + h.hash());
    }
  }

  /** A branch left with a single entry is replaced by a leaf or extension, keeping the trie canonical. */
  private Node collapse(Node.Branch branch) {
    int only = -1;
    int count = 0;
    for (int n = 0; n < 16; n++) {
      if (branch.children[n] != null) {
        count++;
        only = n;
      }
    }
    if (branch.value != null) {
      return count == 0 ? new Node.Leaf(Nibbles.EMPTY, branch.value) : branch;
    }
    if (count == 1) {
      return prefixed(new byte[] {(byte) only}, branch.children[only]);
    }
    return count == 0 ? null : branch;
  }

  /** {@code child} reached through {@code prefix}: merged into one leaf or extension where possible. */
  private Node prefixed(byte[] prefix, Node child) {
    if (child == null) {
      return null;
    }
    Node resolved = resolve(child);
    return switch (resolved) {
      case Node.Leaf leaf -> new Node.Leaf(Nibbles.concat(prefix, leaf.path), leaf.value);
      case Node.Extension ext -> new Node.Extension(Nibbles.concat(prefix, ext.path), ext.child);
      case Node.Branch b -> new Node.Extension(prefix, child);
      case Node.Hash h -> throw new IllegalStateException("resolved node is a hash reference " + h.hash());
    };
  }

  private static void persist(Node node, WriteBatch batch) {
    if (node == null || node.persisted) {
      return;
    }
    switch (node) {
      case Node.Extension ext -> persist(ext.child, batch);
      case Node.Branch branch -> {
        for (Node child : branch.children) {
          persist(child, batch);
        }
      }
      default -> {}
    }
    if (!node.isInline()) {
      batch.put(Column.TRIE_NODES, node.hash(), Bytes.wrap(node.encoded()));
    }
    node.persisted = true;
  }

  private boolean visit(Node node, byte[] prefix, byte[] start, boolean bounded, KeyValueVisitor visitor) {
    if (node == null) {
      return true;
    }
    node = resolve(node);
    switch (node) {
      case Node.Leaf leaf -> {
        byte[] key = Nibbles.concat(prefix, leaf.path);
        if (bounded && Nibbles.compare(key, start) < 0) {
          return true;
        }
        return visitor.visit(Bytes.wrap(Nibbles.toBytes(key)), Bytes.wrap(leaf.value));
      }
      case Node.Extension ext -> {
        byte[] full = Nibbles.concat(prefix, ext.path);
        boolean stillBounded = bounded;
        if (bounded) {
          int n = Math.min(full.length, start.length);
          int c = Arrays.compare(full, 0, n, start, 0, n);
          if (c < 0) {
            return true; // every key below is smaller than start
          }
          // Past start, or start is a prefix of every key below: nothing below needs filtering.
          stillBounded = c == 0 && full.length < start.length;
        }
        return visit(ext.child, full, start, stillBounded, visitor);
      }
      case Node.Branch branch -> {
        int depth = prefix.length;
        boolean filtering = bounded && depth < start.length;
        if (branch.value != null && !filtering) {
          if (!visitor.visit(Bytes.wrap(Nibbles.toBytes(prefix)), Bytes.wrap(branch.value))) {
            return false;
          }
        }
        for (int n = filtering ? start[depth] : 0; n < 16; n++) {
          Node child = branch.children[n];
          if (child != null
              && !visit(child, Nibbles.append(prefix, n), start, filtering && n == start[depth], visitor)) {
            return false;
          }
        }
        return true;
      }
      case Node.Hash h -> throw new IllegalStateException("resolved node is a hash reference " + h.hash());
    }
  }
}
