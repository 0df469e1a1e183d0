package io.veritas.chain.trie;

/** Bytes that should be an RLP-encoded trie node are not one. */
public final class MalformedTrieNodeException extends RuntimeException {
  public MalformedTrieNodeException(String message) {
    super(message);
  }
}
