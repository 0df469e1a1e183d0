package io.veritas.chain.trie;

/** A Merkle proof does not connect the claimed root to the key. */
public final class InvalidProofException extends RuntimeException {
  public InvalidProofException(String message) {
    super(message);
  }
}
