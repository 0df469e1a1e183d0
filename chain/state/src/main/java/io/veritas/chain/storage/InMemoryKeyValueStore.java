package io.veritas.chain.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.tuweni.bytes.Bytes;

/**
 * {@link KeyValueStore} in memory, for tests and throw-away nodes: sorted like RocksDB (unsigned
 * lexicographic), thread-safe, batches applied atomically under a write lock.
 */
public final class InMemoryKeyValueStore implements KeyValueStore {
  private final Map<Column, NavigableMap<byte[], byte[]>> columns = new EnumMap<>(Column.class);
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  public InMemoryKeyValueStore() {
    for (Column column : Column.values()) {
      columns.put(column, new TreeMap<>(Arrays::compareUnsigned));
    }
  }

  @Override
  public Optional<Bytes> get(Column column, Bytes key) {
    lock.readLock().lock();
    try {
      ensureOpen();
      byte[] value = columns.get(column).get(key.toArrayUnsafe());
      return value == null ? Optional.empty() : Optional.of(Bytes.wrap(value));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public WriteBatch newBatch() {
    return new Batch();
  }

  @Override
  public void forEachWithPrefix(Column column, Bytes prefix, KeyValueVisitor visitor) {
    byte[] pre = prefix.toArrayUnsafe();
    List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>();
    lock.readLock().lock();
    try {
      ensureOpen();
      for (Map.Entry<byte[], byte[]> e : columns.get(column).tailMap(pre, true).entrySet()) {
        byte[] key = e.getKey();
        if (key.length < pre.length || !Arrays.equals(key, 0, pre.length, pre, 0, pre.length)) {
          break;
        }
        entries.add(e);
      }
    } finally {
      lock.readLock().unlock();
    }
    visitAll(entries, visitor);
  }

  @Override
  public void forEachInRange(Column column, Bytes fromInclusive, Bytes toExclusive, KeyValueVisitor visitor) {
    byte[] from = fromInclusive.toArrayUnsafe();
    byte[] to = toExclusive.toArrayUnsafe();
    List<Map.Entry<byte[], byte[]>> entries;
    lock.readLock().lock();
    try {
      ensureOpen();
      entries =
          Arrays.compareUnsigned(from, to) >= 0
              ? List.of()
              : new ArrayList<>(columns.get(column).subMap(from, true, to, false).entrySet());
    } finally {
      lock.readLock().unlock();
    }
    visitAll(entries, visitor);
  }

  /** Visits a copy taken under the lock, so a visitor may itself commit batches without deadlocking. */
  private static void visitAll(List<Map.Entry<byte[], byte[]>> entries, KeyValueVisitor visitor) {
    for (Map.Entry<byte[], byte[]> e : entries) {
      if (!visitor.visit(Bytes.wrap(e.getKey()), Bytes.wrap(e.getValue()))) {
        return;
      }
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      columns.values().forEach(Map::clear);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("in-memory store is closed");
    }
  }

  private record Operation(Column column, byte[] key, byte[] value) {}

  private final class Batch implements WriteBatch {
    private final List<Operation> operations = new ArrayList<>();
    private boolean done;

    @Override
    public WriteBatch put(Column column, Bytes key, Bytes value) {
      ensureUsable();
      // Copies, because the caller may reuse the arrays behind the Bytes after the call.
      operations.add(new Operation(column, key.toArray(), value.toArray()));
      return this;
    }

    @Override
    public WriteBatch delete(Column column, Bytes key) {
      ensureUsable();
      operations.add(new Operation(column, key.toArray(), null));
      return this;
    }

    @Override
    public int size() {
      return operations.size();
    }

    @Override
    public void commit() {
      commit(false);
    }

    @Override
    public void commit(boolean sync) {
      ensureUsable();
      lock.writeLock().lock();
      try {
        ensureOpen();
        for (Operation op : operations) {
          if (op.value() == null) {
            columns.get(op.column()).remove(op.key());
          } else {
            columns.get(op.column()).put(op.key(), op.value());
          }
        }
        done = true;
      } finally {
        lock.writeLock().unlock();
      }
    }

    @Override
    public void close() {
      done = true;
      operations.clear();
    }

    private void ensureUsable() {
      if (done) {
        throw new IllegalStateException("write batch was already committed or closed");
      }
    }
  }
}
