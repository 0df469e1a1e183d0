package io.veritas.chain.storage;

import org.apache.tuweni.bytes.Bytes;

/**
 * A set of puts and deletes applied all-or-nothing by {@link #commit()}. A crash at any instant leaves either
 * the whole batch or none of it on disk. Reads through the store do not see the batch before it commits
 * (there is no read-your-writes). A batch is used by one thread and committed at most once; closing an
 * uncommitted batch discards it.
 */
public interface WriteBatch extends AutoCloseable {

  WriteBatch put(Column column, Bytes key, Bytes value);

  WriteBatch delete(Column column, Bytes key);

  /** Number of operations recorded so far. */
  int size();

  /** Applies the batch atomically with the store's default durability (see {@link RocksDbConfig#syncWrites()}). */
  void commit();

  /**
   * Applies the batch atomically; with {@code sync} the call returns only after the write-ahead log is
   * fsync'd, so the batch survives a power loss, not only a process crash.
   */
  void commit(boolean sync);

  /** Discards the batch if it was not committed and frees its resources. */
  @Override
  void close();
}
