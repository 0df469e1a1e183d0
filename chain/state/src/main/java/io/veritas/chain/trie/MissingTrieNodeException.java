package io.veritas.chain.trie;

import org.apache.tuweni.bytes.Bytes32;

/**
 * A trie node referenced by hash is not in the node store: the trie was opened at a root that was never
 * committed here (or whose batch was discarded), or the store lost data.
 */
public final class MissingTrieNodeException extends RuntimeException {
  private final Bytes32 hash;

  public MissingTrieNodeException(Bytes32 hash, String context) {
    super("trie node " + hash.toHexString() + " is missing from the node store (" + context + ")");
    this.hash = hash;
  }

  public Bytes32 hash() {
    return hash;
  }
}
