package io.veritas.chain.storage;

/**
 * Tuning of a {@link RocksDbKeyValueStore}.
 *
 * @param blockCacheBytes size of the one LRU block cache shared by all columns
 * @param maxOpenFiles cap on SST files held open (RocksDB's {@code max_open_files}); -1 means unlimited
 * @param maxBackgroundJobs flush and compaction threads
 * @param syncWrites whether {@link WriteBatch#commit()} fsyncs the write-ahead log before returning
 */
public record RocksDbConfig(long blockCacheBytes, int maxOpenFiles, int maxBackgroundJobs, boolean syncWrites) {
  public static final RocksDbConfig DEFAULT = new RocksDbConfig(128L << 20, 1024, 2, true);

  public RocksDbConfig {
    if (blockCacheBytes < (1L << 20)) {
      throw new IllegalArgumentException("block cache must be at least 1 MiB, got " + blockCacheBytes + " bytes");
    }
    if (maxOpenFiles != -1 && maxOpenFiles < 16) {
      throw new IllegalArgumentException("maxOpenFiles must be -1 (unlimited) or at least 16, got " + maxOpenFiles);
    }
    if (maxBackgroundJobs < 1) {
      throw new IllegalArgumentException("maxBackgroundJobs must be at least 1, got " + maxBackgroundJobs);
    }
  }

  public RocksDbConfig withSyncWrites(boolean sync) {
    return new RocksDbConfig(blockCacheBytes, maxOpenFiles, maxBackgroundJobs, sync);
  }
}
