package io.veritas.chain.trie;

import io.veritas.chain.crypto.Keccak256;
import java.util.Arrays;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A Merkle Patricia trie node (yellow paper appendix D). Nodes are immutable: an update copies the nodes on
 * the path and shares every other subtree, so a reference to an old root is a free snapshot. Each node caches
 * its RLP encoding and hash the first time they are needed, so an unchanged subtree is never re-hashed.
 */
abstract sealed class Node permits Node.Leaf, Node.Extension, Node.Branch, Node.Hash {
  private static final int HASH_REF_SIZE = 33; // RLP string header 0xa0 + 32-byte hash

  private byte[] encoded;
  private Bytes32 hash;
  /** Already in the node store (loaded from it, or written by an earlier commit); false for new nodes. */
  boolean persisted;

  abstract byte[] encode();

  byte[] encoded() {
    byte[] e = encoded;
    if (e == null) {
      e = encode();
      encoded = e;
    }
    return e;
  }

  Bytes32 hash() {
    Bytes32 h = hash;
    if (h == null) {
      h = Bytes32.wrap(Keccak256.hash(encoded()));
      hash = h;
    }
    return h;
  }

  /** Seeds the caches of a node decoded from {@code encoding} (whose hash, if known, is {@code knownHash}). */
  void cache(byte[] encoding, Bytes32 knownHash) {
    this.encoded = encoding;
    this.hash = knownHash;
  }

  /** Whether a parent embeds this node's RLP instead of its hash (RLP shorter than 32 bytes). */
  boolean isInline() {
    return encoded().length < 32;
  }

  /** Size of this node's reference inside its parent's RLP. */
  int refSize() {
    byte[] e = encoded();
    return e.length < 32 ? e.length : HASH_REF_SIZE;
  }

  int writeRef(byte[] out, int pos) {
    byte[] e = encoded();
    if (e.length < 32) {
      System.arraycopy(e, 0, out, pos, e.length);
      return pos + e.length;
    }
    out[pos] = (byte) 0xa0;
    System.arraycopy(hash().toArrayUnsafe(), 0, out, pos + 1, 32);
    return pos + HASH_REF_SIZE;
  }

  static final class Leaf extends Node {
    final byte[] path;
    final byte[] value;

    Leaf(byte[] path, byte[] value) {
      this.path = path;
      this.value = value;
    }

    @Override
    byte[] encode() {
      byte[] hp = Nibbles.hexPrefix(path, true);
      int payload = NodeRlp.stringSize(hp) + NodeRlp.stringSize(value);
      byte[] out = new byte[NodeRlp.listHeaderSize(payload) + payload];
      int pos = NodeRlp.writeListHeader(out, 0, payload);
      pos = NodeRlp.writeString(out, pos, hp);
      NodeRlp.writeString(out, pos, value);
      return out;
    }
  }

  static final class Extension extends Node {
    final byte[] path;
    final Node child;

    Extension(byte[] path, Node child) {
      this.path = path;
      this.child = child;
    }

    @Override
    byte[] encode() {
      byte[] hp = Nibbles.hexPrefix(path, false);
      int payload = NodeRlp.stringSize(hp) + child.refSize();
      byte[] out = new byte[NodeRlp.listHeaderSize(payload) + payload];
      int pos = NodeRlp.writeListHeader(out, 0, payload);
      pos = NodeRlp.writeString(out, pos, hp);
      child.writeRef(out, pos);
      return out;
    }
  }

  static final class Branch extends Node {
    final Node[] children; // 16 entries, null where empty; never mutated after construction
    final byte[] value; // null when the branch holds no value

    Branch(Node[] children, byte[] value) {
      this.children = children;
      this.value = value;
    }

    Branch withChild(int nibble, Node child) {
      Node[] copy = Arrays.copyOf(children, 16);
      copy[nibble] = child;
      return new Branch(copy, value);
    }

    Branch withValue(byte[] newValue) {
      return new Branch(children, newValue);
    }

    @Override
    byte[] encode() {
      int payload = 0;
      for (Node child : children) {
        payload += child == null ? 1 : child.refSize();
      }
      payload += value == null ? 1 : NodeRlp.stringSize(value);
      byte[] out = new byte[NodeRlp.listHeaderSize(payload) + payload];
      int pos = NodeRlp.writeListHeader(out, 0, payload);
      for (Node child : children) {
        if (child == null) {
          out[pos++] = (byte) 0x80;
        } else {
          pos = child.writeRef(out, pos);
        }
      }
      if (value == null) {
        out[pos] = (byte) 0x80;
      } else {
        NodeRlp.writeString(out, pos, value);
      }
      return out;
    }
  }

  /** A reference to a stored node not loaded yet; loading is memoized so a path is read once per trie. */
  static final class Hash extends Node {
    private final Bytes32 hashValue;
    private Node loaded;

    Hash(Bytes32 hash) {
      this.hashValue = hash;
      this.persisted = true;
    }

    @Override
    Bytes32 hash() {
      return hashValue;
    }

    @Override
    boolean isInline() {
      return false;
    }

    @Override
    int refSize() {
      return 33;
    }

    @Override
    int writeRef(byte[] out, int pos) {
      out[pos] = (byte) 0xa0;
      System.arraycopy(hashValue.toArrayUnsafe(), 0, out, pos + 1, 32);
      return pos + 33;
    }

    @Override
    byte[] encode() {
      throw new IllegalStateException("a hash reference has no encoding until it is loaded");
    }

    Node load(NodeStore store) {
      Node n = loaded;
      if (n == null) {
        byte[] rlp =
            store
                .load(hashValue)
                .orElseThrow(() -> new MissingTrieNodeException(hashValue, "referenced by the trie being read"))
                .toArrayUnsafe(); // node encodings are never mutated, so the store's array can be shared
        n = NodeRlp.decode(rlp, 0, rlp.length, hashValue);
        loaded = n;
      }
      return n;
    }
  }
}
