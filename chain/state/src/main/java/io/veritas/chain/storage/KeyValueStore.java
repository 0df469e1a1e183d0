package io.veritas.chain.storage;

import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * Ordered key-value storage split into {@link Column}s. Writes go through a {@link WriteBatch} that is applied
 * atomically; reads see only committed batches. Keys are ordered as unsigned bytes, lexicographically (so
 * big-endian numbers sort numerically). Implementations are thread-safe.
 */
public interface KeyValueStore extends AutoCloseable {

  Optional<Bytes> get(Column column, Bytes key);

  default boolean containsKey(Column column, Bytes key) {
    return get(column, key).isPresent();
  }

  /** A new empty batch; nothing it holds is visible until {@link WriteBatch#commit()}. */
  WriteBatch newBatch();

  /**
   * Visits every entry whose key starts with {@code prefix}, in ascending key order, over a consistent view
   * of the store taken when the scan starts. An empty prefix visits the whole column.
   */
  void forEachWithPrefix(Column column, Bytes prefix, KeyValueVisitor visitor);

  /**
   * Visits every entry with {@code fromInclusive <= key < toExclusive}, in ascending key order, over a
   * consistent view taken when the scan starts.
   */
  void forEachInRange(Column column, Bytes fromInclusive, Bytes toExclusive, KeyValueVisitor visitor);

  /** Releases the store; every later call fails with {@link StorageException}. Idempotent. */
  @Override
  void close();
}
