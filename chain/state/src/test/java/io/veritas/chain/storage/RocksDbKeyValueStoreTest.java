package io.veritas.chain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbKeyValueStoreTest {
  @TempDir Path dir;

  @Test
  void committedDataSurvivesReopen() {
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir)) {
      try (WriteBatch batch = store.newBatch()) {
        for (Column column : Column.values()) {
          batch.put(column, Bytes.of(column.ordinal()), Bytes.wrap(column.familyName()));
        }
        batch.commit();
      }
    }
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir)) {
      for (Column column : Column.values()) {
        assertEquals(Optional.of(Bytes.wrap(column.familyName())), store.get(column, Bytes.of(column.ordinal())));
      }
    }
  }

  @Test
  void secondOpenOfTheSameDirectoryIsRefusedClearly() {
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir)) {
      DataDirectoryInUseException e =
          assertThrows(DataDirectoryInUseException.class, () -> RocksDbKeyValueStore.open(dir));
      assertEquals(
          "data directory " + store.directory() + " is in use by another veritas process; stop it or choose another"
              + " data directory",
          e.getMessage());
    }
  }

  @Test
  void corruptDirectoryIsReportedAsCorrupt() throws IOException {
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir)) {
      try (WriteBatch batch = store.newBatch()) {
        batch.put(Column.METADATA, Bytes.of(1), Bytes.of(2)).commit();
      }
    }
    // CURRENT names the live manifest; garbage there is RocksDB's "Corruption" status.
    Files.writeString(dir.resolve("CURRENT"), "garbage-without-newline");
    StorageCorruptedException e = assertThrows(StorageCorruptedException.class, () -> RocksDbKeyValueStore.open(dir));
    assertEquals(dir.toAbsolutePath().normalize(), e.directory());
  }
}
