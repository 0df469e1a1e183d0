package io.veritas.chain.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.tuweni.bytes.Bytes;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.Status;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link KeyValueStore} on RocksDB: one column family per {@link Column}, LZ4-compressed SST files, one shared
 * bounded LRU block cache, bloom filters on point-lookup-heavy columns (trie nodes, headers, indexes).
 *
 * <p>Every native call runs under a read lock and {@link #close()} takes the write lock, so a call racing
 * with close fails with {@link StorageException} instead of touching freed native memory.
 */
public final class RocksDbKeyValueStore implements KeyValueStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksDbKeyValueStore.class);

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final RocksDbConfig config;
  private final RocksDB db;
  private final Map<Column, ColumnFamilyHandle> handles;
  /** Native objects released on close, in order after the column handles and the database. */
  private final List<AutoCloseable> resources;
  private final WriteOptions syncWrite;
  private final WriteOptions asyncWrite;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksDbKeyValueStore(
      Path directory,
      RocksDbConfig config,
      RocksDB db,
      Map<Column, ColumnFamilyHandle> handles,
      List<AutoCloseable> resources) {
    this.directory = directory;
    this.config = config;
    this.db = db;
    this.handles = handles;
    this.resources = resources;
    this.syncWrite = new WriteOptions().setSync(true);
    this.asyncWrite = new WriteOptions().setSync(false);
  }

  public static RocksDbKeyValueStore open(Path directory) {
    return open(directory, RocksDbConfig.DEFAULT);
  }

  /**
   * Opens (creating if missing) the store in {@code directory}.
   *
   * @throws DataDirectoryInUseException if another process (or another open store) holds the directory
   * @throws StorageCorruptedException if RocksDB reports corrupt files
   */
  public static RocksDbKeyValueStore open(Path directory, RocksDbConfig config) {
    Path dir = directory.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create data directory " + dir + ": " + e.getMessage(), e);
    }
    List<AutoCloseable> resources = new ArrayList<>();
    Cache cache = new LRUCache(config.blockCacheBytes());
    resources.add(cache);
    DBOptions dbOptions =
        new DBOptions()
            .setCreateIfMissing(true)
            .setCreateMissingColumnFamilies(true)
            .setMaxOpenFiles(config.maxOpenFiles())
            .setMaxBackgroundJobs(config.maxBackgroundJobs())
            .setKeepLogFileNum(5);
    resources.add(dbOptions);

    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    // RocksDB always has a "default" family and requires it to be opened; we keep nothing in it.
    ColumnFamilyOptions defaultOptions = columnOptions(cache, false, resources);
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, defaultOptions));
    for (Column column : Column.values()) {
      boolean pointLookups =
          column == Column.TRIE_NODES || column == Column.HEADERS || column == Column.INDEXES;
      descriptors.add(new ColumnFamilyDescriptor(column.familyName(), columnOptions(cache, pointLookups, resources)));
    }
    List<ColumnFamilyHandle> handleList = new ArrayList<>();
    RocksDB db;
    try {
      db = RocksDB.open(dbOptions, dir.toString(), descriptors, handleList);
    } catch (RocksDBException e) {
      closeAll(resources);
      throw translateOpenFailure(dir, e);
    }
    Map<Column, ColumnFamilyHandle> handles = new EnumMap<>(Column.class);
    for (Column column : Column.values()) {
      handles.put(column, handleList.get(column.ordinal() + 1));
    }
    // The default family's handle is closed with the others.
    resources.addFirst(handleList.getFirst());
    LOG.info("opened RocksDB store dir={} blockCacheMiB={} syncWrites={}",
        dir, config.blockCacheBytes() >> 20, config.syncWrites());
    return new RocksDbKeyValueStore(dir, config, db, handles, resources);
  }

  private static ColumnFamilyOptions columnOptions(Cache cache, boolean bloom, List<AutoCloseable> resources) {
    BlockBasedTableConfig table = new BlockBasedTableConfig().setBlockCache(cache).setBlockSize(16 * 1024);
    if (bloom) {
      BloomFilter filter = new BloomFilter(10, false);
      resources.add(filter);
      table.setFilterPolicy(filter).setCacheIndexAndFilterBlocks(true).setPinL0FilterAndIndexBlocksInCache(true);
    }
    ColumnFamilyOptions options =
        new ColumnFamilyOptions()
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setTableFormatConfig(table);
    resources.add(options);
    return options;
  }

  private static StorageException translateOpenFailure(Path dir, RocksDBException e) {
    Status status = e.getStatus();
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (status != null && status.getCode() == Status.Code.Corruption) {
      return new StorageCorruptedException(dir, message, e);
    }
    // RocksDB reports a held LOCK file as an IO error naming the LOCK file ("While lock file" from another
    // process, "lock hold by current process" from this one).
    if (message.contains("/LOCK") || message.toLowerCase(Locale.ROOT).contains("lock hold")) {
      return new DataDirectoryInUseException(dir, e);
    }
    return new StorageException("cannot open data directory " + dir + ": " + message, e);
  }

  public Path directory() {
    return directory;
  }

  @Override
  public Optional<Bytes> get(Column column, Bytes key) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      byte[] value = db.get(handles.get(column), key.toArrayUnsafe());
      return value == null ? Optional.empty() : Optional.of(Bytes.wrap(value));
    } catch (RocksDBException e) {
      throw new StorageException("read failed in " + directory + " column " + column + ": " + e.getMessage(), e);
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  @Override
  public WriteBatch newBatch() {
    return new RocksDbWriteBatch();
  }

  @Override
  public void forEachWithPrefix(Column column, Bytes prefix, KeyValueVisitor visitor) {
    scan(column, prefix, null, prefix, visitor);
  }

  @Override
  public void forEachInRange(Column column, Bytes fromInclusive, Bytes toExclusive, KeyValueVisitor visitor) {
    scan(column, fromInclusive, toExclusive, null, visitor);
  }

  /** Visits keys from {@code from}, stopping at {@code toExclusive} (if set) or at the end of {@code prefix}. */
  private void scan(Column column, Bytes from, Bytes toExclusive, Bytes prefix, KeyValueVisitor visitor) {
    lifecycle.readLock().lock();
    try {
      ensureOpen();
      Snapshot snapshot = db.getSnapshot();
      try (ReadOptions options = new ReadOptions().setSnapshot(snapshot);
          RocksIterator it = db.newIterator(handles.get(column), options)) {
        byte[] to = toExclusive == null ? null : toExclusive.toArrayUnsafe();
        byte[] pre = prefix == null ? null : prefix.toArrayUnsafe();
        for (it.seek(from.toArrayUnsafe()); it.isValid(); it.next()) {
          byte[] key = it.key();
          if (to != null && Arrays.compareUnsigned(key, to) >= 0) {
            break;
          }
          if (pre != null && !startsWith(key, pre)) {
            break;
          }
          if (!visitor.visit(Bytes.wrap(key), Bytes.wrap(it.value()))) {
            break;
          }
        }
        it.status();
      } catch (RocksDBException e) {
        throw new StorageException("scan failed in " + directory + " column " + column + ": " + e.getMessage(), e);
      } finally {
        db.releaseSnapshot(snapshot);
      }
    } finally {
      lifecycle.readLock().unlock();
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      syncWrite.close();
      asyncWrite.close();
      for (ColumnFamilyHandle handle : handles.values()) {
        handle.close();
      }
      resources.getFirst().close(); // the default family's handle must go before the database
      try {
        db.closeE();
      } catch (RocksDBException e) {
        throw new StorageException("closing data directory " + directory + " failed: " + e.getMessage(), e);
      } finally {
        closeAll(resources.subList(1, resources.size()));
        LOG.info("closed RocksDB store dir={}", directory);
      }
    } catch (Exception e) {
      if (e instanceof StorageException se) {
        throw se;
      }
      throw new StorageException("closing data directory " + directory + " failed: " + e.getMessage(), e);
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new StorageException("releasing a RocksDB native resource failed: " + e.getMessage(), e);
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new StorageException("store at " + directory + " is closed");
    }
  }

  private final class RocksDbWriteBatch implements WriteBatch {
    private final org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
    private int operations;
    private boolean done;

    @Override
    public WriteBatch put(Column column, Bytes key, Bytes value) {
      ensureUsable();
      // The column handle is native memory freed by close(), hence the lock.
      lifecycle.readLock().lock();
      try {
        ensureOpen();
        batch.put(handles.get(column), key.toArrayUnsafe(), value.toArrayUnsafe());
        operations++;
      } catch (RocksDBException e) {
        throw new StorageException("batch put failed for column " + column + ": " + e.getMessage(), e);
      } finally {
        lifecycle.readLock().unlock();
      }
      return this;
    }

    @Override
    public WriteBatch delete(Column column, Bytes key) {
      ensureUsable();
      lifecycle.readLock().lock();
      try {
        ensureOpen();
        batch.delete(handles.get(column), key.toArrayUnsafe());
        operations++;
      } catch (RocksDBException e) {
        throw new StorageException("batch delete failed for column " + column + ": " + e.getMessage(), e);
      } finally {
        lifecycle.readLock().unlock();
      }
      return this;
    }

    @Override
    public int size() {
      return operations;
    }

    @Override
    public void commit() {
      commit(config.syncWrites());
    }

    @Override
    public void commit(boolean sync) {
      ensureUsable();
      lifecycle.readLock().lock();
      try {
        ensureOpen();
        db.write(sync ? syncWrite : asyncWrite, batch);
        done = true;
      } catch (RocksDBException e) {
        throw new StorageException("committing a batch of " + operations + " operations to " + directory
            + " failed: " + e.getMessage(), e);
      } finally {
        lifecycle.readLock().unlock();
        if (done) {
          batch.close();
        }
      }
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        batch.close();
      }
    }

    private void ensureUsable() {
      if (done) {
        throw new IllegalStateException("write batch was already committed or closed");
      }
    }
  }
}
