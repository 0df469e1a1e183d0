package io.veritas.chain.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests with a second JVM writing to the store. The crash test kills the writer with SIGKILL at a random
 * moment and checks the reopened store holds a whole number of batches: every key carries the same batch
 * number, at least the last one the writer saw committed.
 */
class RocksDbCrashTest {
  @TempDir Path dir;

  @Test
  void killedWriterLeavesOnlyWholeBatches() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    // Three writer lives over one directory; each restarts its numbering at 1 and overwrites the same keys.
    for (int round = 0; round < 3; round++) {
      // Kill after a random number of reported commits (the writer is mid-way through the next batch).
      int killAfter = 20 + random.nextInt(400);
      long lastReported = runAndKill(killAfter);
      long batch = assertWholeBatch(seed);
      assertTrue(batch >= lastReported, "store holds batch " + batch + " but batch " + lastReported
          + " was reported committed (seed " + seed + ")");
    }
  }

  @Test
  void directoryHeldByAnotherProcessIsRefusedClearly() throws Exception {
    Process child = startWriter();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      assertEquals("ready", lines.readLine());
      DataDirectoryInUseException e =
          assertThrows(DataDirectoryInUseException.class, () -> RocksDbKeyValueStore.open(dir));
      assertTrue(e.getMessage().startsWith("data directory " + dir.toAbsolutePath().normalize()
          + " is in use by another veritas process"), e.getMessage());
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "writer process did not die");
    }
  }

  private Process startWriter() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
        System.getProperty("java.class.path"), CrashingBatchWriter.class.getName(), dir.toString()));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private long runAndKill(int killAfter) throws IOException, InterruptedException {
    Process child = startWriter();
    long reported = 0;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("committed ")) {
          reported = Long.parseLong(line.substring("committed ".length()));
          if (reported >= killAfter) {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no RocksDB close
            break;
          }
        }
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS), "writer process did not die");
    }
    assertTrue(reported >= killAfter, "writer stopped before being killed, after batch " + reported);
    return reported;
  }

  /** Every key of the writer holds the same batch number; returns it. */
  private long assertWholeBatch(long seed) {
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir)) {
      long batch = -1;
      for (int k = 0; k < CrashingBatchWriter.KEYS_PER_BATCH; k++) {
        Column column = CrashingBatchWriter.COLUMNS[k % CrashingBatchWriter.COLUMNS.length];
        Bytes value = store.get(column, CrashingBatchWriter.key(k)).orElseThrow(
            () -> new AssertionError("key missing after crash (seed " + seed + ")"));
        long n = value.slice(0, 8).toLong();
        if (batch == -1) {
          batch = n;
        }
        assertEquals(batch, n, "key " + k + " in " + column + " is from another batch (seed " + seed + ")");
      }
      return batch;
    }
  }
}
