package io.veritas.chain.storage;

import org.apache.tuweni.bytes.Bytes;

/** Receives entries of a key range in ascending unsigned-lexicographic key order. */
@FunctionalInterface
public interface KeyValueVisitor {
  /**
   * @return {@code true} to receive the next entry, {@code false} to stop the scan
   */
  boolean visit(Bytes key, Bytes value);
}
