package io.veritas.chain.storage;

import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.tuweni.bytes.Bytes;

/**
 * Child process of {@link RocksDbCrashTest}: commits batch after batch until it is killed. Batch {@code n}
 * writes the number {@code n} under {@value #KEYS_PER_BATCH} keys spread over several columns and prints
 * "committed n" after the commit returns.
 */
public final class CrashingBatchWriter {
  static final int KEYS_PER_BATCH = 64;
  static final Column[] COLUMNS = {Column.HEADERS, Column.BODIES, Column.TRIE_NODES, Column.METADATA};

  private CrashingBatchWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    PrintStream out = System.out;
    // Process death, not power loss, is what this exercises, so the OS may keep the WAL unsynced.
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, RocksDbConfig.DEFAULT.withSyncWrites(false))) {
      out.println("ready");
      out.flush();
      // A 2 KiB value makes batches big enough that the kill often lands inside a write.
      byte[] padding = new byte[2048];
      for (long n = 1; ; n++) {
        try (WriteBatch batch = store.newBatch()) {
          Bytes value = Bytes.concatenate(Bytes.ofUnsignedLong(n), Bytes.wrap(padding));
          for (int k = 0; k < KEYS_PER_BATCH; k++) {
            batch.put(COLUMNS[k % COLUMNS.length], key(k), value);
          }
          batch.commit();
        }
        out.println("committed " + n);
        out.flush();
      }
    }
  }

  static Bytes key(int k) {
    return Bytes.ofUnsignedInt(k);
  }
}
