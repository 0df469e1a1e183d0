package io.veritas.chain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The behaviour every {@link KeyValueStore} must have, run against each implementation. */
class KeyValueStoreContractTest {
  @TempDir Path dir;
  private KeyValueStore store;

  static Stream<Arguments> implementations() {
    Function<Path, KeyValueStore> memory = d -> new InMemoryKeyValueStore();
    Function<Path, KeyValueStore> rocks = d -> RocksDbKeyValueStore.open(d, RocksDbConfig.DEFAULT.withSyncWrites(false));
    return Stream.of(
        Arguments.of(Named.of("in-memory", memory)), Arguments.of(Named.of("rocksdb", rocks)));
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  private KeyValueStore open(Function<Path, KeyValueStore> factory) {
    store = factory.apply(dir);
    return store;
  }

  private static Bytes b(String hex) {
    return Bytes.fromHexString(hex);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void missingKeyReadsAsEmpty(Function<Path, KeyValueStore> factory) {
    assertEquals(Optional.empty(), open(factory).get(Column.HEADERS, b("0x01")));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void committedBatchIsVisible(Function<Path, KeyValueStore> factory) {
    KeyValueStore s = open(factory);
    try (WriteBatch batch = s.newBatch()) {
      batch.put(Column.HEADERS, b("0x01"), b("0xaa")).put(Column.BODIES, b("0x01"), b("0xbb"));
      assertEquals(2, batch.size());
      batch.commit();
    }
    assertEquals(Optional.of(b("0xaa")), s.get(Column.HEADERS, b("0x01")));
    assertEquals(Optional.of(b("0xbb")), s.get(Column.BODIES, b("0x01")));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void uncommittedBatchIsInvisibleAndDiscardedOnClose(Function<Path, KeyValueStore> factory) {
    KeyValueStore s = open(factory);
    WriteBatch batch = s.newBatch();
    batch.put(Column.METADATA, b("0x01"), b("0xaa"));
    assertEquals(Optional.empty(), s.get(Column.METADATA, b("0x01")));
    batch.close();
    assertEquals(Optional.empty(), s.get(Column.METADATA, b("0x01")));
    assertThrows(IllegalStateException.class, batch::commit);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void batchAppliesPutsAndDeletesInOrder(Function<Path, KeyValueStore> factory) {
    KeyValueStore s = open(factory);
    try (WriteBatch batch = s.newBatch()) {
      batch.put(Column.INDEXES, b("0x01"), b("0x11")).put(Column.INDEXES, b("0x02"), b("0x22")).commit();
    }
    try (WriteBatch batch = s.newBatch()) {
      batch
          .delete(Column.INDEXES, b("0x01"))
          .put(Column.INDEXES, b("0x02"), b("0x23"))
          .put(Column.INDEXES, b("0x03"), b("0x33"))
          .delete(Column.INDEXES, b("0x03"))
          .commit(true);
    }
    assertEquals(Optional.empty(), s.get(Column.INDEXES, b("0x01")));
    assertEquals(Optional.of(b("0x23")), s.get(Column.INDEXES, b("0x02")));
    assertEquals(Optional.empty(), s.get(Column.INDEXES, b("0x03")));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void columnsDoNotShareKeys(Function<Path, KeyValueStore> factory) {
    KeyValueStore s = open(factory);
    try (WriteBatch batch = s.newBatch()) {
      batch.put(Column.RECEIPTS, b("0x01"), b("0xaa")).commit();
    }
    for (Column column : Column.values()) {
      assertEquals(column == Column.RECEIPTS, s.containsKey(column, b("0x01")), column.name());
    }
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void prefixScanVisitsMatchingKeysInUnsignedOrder(Function<Path, KeyValueStore> factory) {
    KeyValueStore s = open(factory);
    try (WriteBatch batch = s.newBatch()) {
      for (String key : List.of("0x10ff", "0x1000", "0x1080", "0x107f", "0x10", "0x0fff", "0x11", "0x1100")) {
        batch.put(Column.INDEXES, b(key), b(key));
      }
      batch.commit();
    }
    List<String> seen = new ArrayList<>();
    s.forEachWithPrefix(Column.INDEXES, b("0x10"), (k, v) -> {
      assertEquals(k, v);
      seen.add(k.toHexString());
      return true;
    });
    assertEquals(List.of("0x10", "0x1000", "0x107f", "0x1080", "0x10ff"), seen);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void rangeScanIncludesStartExcludesEndAndStopsWhenAsked(Function<Path, KeyValueStore> factory) {
    KeyValueStore s = open(factory);
    try (WriteBatch batch = s.newBatch()) {
      for (int i = 0; i < 10; i++) {
        batch.put(Column.HEADERS, Bytes.ofUnsignedLong(i), Bytes.of(i));
      }
      batch.commit();
    }
    List<Long> seen = new ArrayList<>();
    s.forEachInRange(Column.HEADERS, Bytes.ofUnsignedLong(3), Bytes.ofUnsignedLong(7), (k, v) -> {
      seen.add(k.toLong());
      return true;
    });
    assertEquals(List.of(3L, 4L, 5L, 6L), seen);

    List<Long> firstTwo = new ArrayList<>();
    s.forEachWithPrefix(Column.HEADERS, Bytes.EMPTY, (k, v) -> {
      firstTwo.add(k.toLong());
      return firstTwo.size() < 2;
    });
    assertEquals(List.of(0L, 1L), firstTwo);
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void visitorMayCommitWhileScanning(Function<Path, KeyValueStore> factory) {
    KeyValueStore s = open(factory);
    try (WriteBatch batch = s.newBatch()) {
      batch.put(Column.METADATA, b("0x01"), b("0x01")).put(Column.METADATA, b("0x02"), b("0x02")).commit();
    }
    List<Bytes> seen = new ArrayList<>();
    s.forEachWithPrefix(Column.METADATA, Bytes.EMPTY, (k, v) -> {
      seen.add(k);
      try (WriteBatch batch = s.newBatch()) {
        batch.put(Column.METADATA, b("0x03"), b("0x03")).commit();
      }
      return true;
    });
    // The scan reads the view taken when it started.
    assertEquals(List.of(b("0x01"), b("0x02")), seen);
    assertTrue(s.containsKey(Column.METADATA, b("0x03")));
  }

  @ParameterizedTest
  @MethodSource("implementations")
  void closedStoreRejectsUse(Function<Path, KeyValueStore> factory) {
    KeyValueStore s = open(factory);
    s.close();
    StorageException e = assertThrows(StorageException.class, () -> s.get(Column.HEADERS, b("0x01")));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    s.close(); // idempotent
  }
}
