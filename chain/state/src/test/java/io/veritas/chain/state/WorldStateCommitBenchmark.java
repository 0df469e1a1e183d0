package io.veritas.chain.state;

import io.veritas.chain.storage.RocksDbConfig;
import io.veritas.chain.storage.RocksDbKeyValueStore;
import io.veritas.chain.storage.WriteBatch;
import io.veritas.chain.types.Address;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Not a test: measures one block's state work on RocksDB. A state of {@code accounts} funded accounts is
 * committed, then each block opens the state at the previous root, applies {@code transfers} transfers (nonce
 * + debit + credit, ~2 account updates each, between random accounts) and commits. Prints, per block, the
 * time to apply the transfers (includes reading accounts from RocksDB), the state commit (hashing + writing
 * new nodes into the batch) and the batch commit (fsync'd RocksDB write).
 *
 * <p>Run: {@code java -cp <test classpath> io.veritas.chain.state.WorldStateCommitBenchmark [accounts]
 * [transfers] [blocks]}.
 */
public final class WorldStateCommitBenchmark {
  private WorldStateCommitBenchmark() {}

  public static void main(String[] args) throws IOException {
    int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int transfers = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int blocks = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    Path dir = Files.createTempDirectory("veritas-state-bench");
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, RocksDbConfig.DEFAULT)) {
      WorldState genesis = WorldState.empty(store);
      for (int i = 0; i < accounts; i++) {
        genesis.setBalance(account(i), UInt256.valueOf(1_000_000_000L));
      }
      Bytes32 root = commit(genesis, store);
      System.out.printf("state of %,d accounts committed, root %s%n", accounts, root);

      Random random = new Random(42);
      for (int b = 1; b <= blocks; b++) {
        long t0 = System.nanoTime();
        WorldState state = WorldState.open(store, root);
        for (int t = 0; t < transfers; t++) {
          Address from = account(random.nextInt(accounts));
          Address to = account(random.nextInt(accounts));
          state.setNonce(from, state.nonce(from) + 1);
          state.subtractBalance(from, UInt256.ONE);
          state.addBalance(to, UInt256.ONE);
        }
        long t1 = System.nanoTime();
        Bytes32 newRoot;
        long t2;
        int nodes;
        try (WriteBatch batch = store.newBatch()) {
          newRoot = state.commit(batch);
          t2 = System.nanoTime();
          nodes = batch.size();
          batch.commit();
        }
        long t3 = System.nanoTime();
        root = newRoot;
        System.out.printf(
            "block %2d: %,d transfers applied in %6.1f ms, state commit %6.1f ms (%,d new nodes), batch write %5.1f ms%n",
            b, transfers, (t1 - t0) / 1e6, (t2 - t1) / 1e6, nodes, (t3 - t2) / 1e6);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Address account(int i) {
    return Address.fromLong(0x1_0000_0000L + i);
  }

  private static Bytes32 commit(WorldState state, RocksDbKeyValueStore store) {
    try (WriteBatch batch = store.newBatch()) {
      Bytes32 root = state.commit(batch);
      batch.commit();
      return root;
    }
  }
}
