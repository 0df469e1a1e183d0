package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Consensus faults on one shared four-validator testnet (500 ms blocks) from the packaged distribution: a 2/2 network
 * partition through the testing-only {@code admin_partition} switch, then healed; and a validator restarted on a vote
 * WAL with a truncated tail. Every test ends with the four validators running and reporting the same block hashes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsensusFaultsIT {
  private static final List<Integer> ALL = LocalTestnet.ALL;
  private static final Duration BLOCK_TIME = Duration.ofMillis(500);

  private LocalTestnet testnet;

  @BeforeAll
  void up() throws Exception {
    testnet = LocalTestnet.init(BLOCK_TIME.toMillis() + "ms");
    testnet.up();
    testnet.awaitHeight(ALL, 3, Duration.ofSeconds(60));
    Poll.until(Duration.ofSeconds(30), "every validator with 3 peers", () -> ALL.stream()
        .allMatch(i -> testnet.rpc(i, "net_peerCount", "[]").map(n -> Long.decode(n.asText()) == 3).orElse(false))
        ? Optional.of(true) : Optional.empty());
  }

  @AfterAll
  void down() throws Exception {
    if (testnet != null) {
      testnet.close();
    }
  }

  @Test
  @Order(1)
  void aTwoTwoPartitionHaltsTheChainWithoutAForkAndHealingResumesIt() throws Exception {
    List<Integer> left = List.of(0, 1);
    List<Integer> right = List.of(2, 3);
    partition(left, right);
    partition(right, left);
    // A height whose votes crossed before the cut may still be finalized; after that neither half has +2/3.
    long settled = Poll.until(Duration.ofSeconds(40), "all four at one height for 4 block times",
        testnet.stableHeight(ALL, BLOCK_TIME.multipliedBy(4)));
    long watchUntil = System.nanoTime() + BLOCK_TIME.multipliedBy(10).toNanos();
    while (System.nanoTime() < watchUntil) {
      long max = testnet.maxHeight(ALL);
      assertTrue(max <= settled, "height went from " + settled + " to " + max + " across a 2/2 partition");
      Thread.sleep(100);
    }
    testnet.assertSameHashes(ALL, 1, settled);

    heal(ALL);
    testnet.awaitHeight(ALL, settled + 3, Duration.ofSeconds(90));
    testnet.assertSameHashesOnSharedHeights(ALL);
  }

  @Test
  @Order(2)
  void aValidatorWithATruncatedWalTailRefusesToSignUntilItHasResynced() throws Exception {
    int damaged = 3;
    testnet.terminate(damaged);
    // Cut the last record short: its length prefix announces more bytes than are left.
    try (FileChannel wal = FileChannel.open(testnet.voteWal(damaged), StandardOpenOption.WRITE)) {
      long size = wal.size();
      assertTrue(size > 16, "the stopped validator's WAL holds records, size " + size);
      wal.truncate(size - 5);
    }
    testnet.up();
    Poll.until(Duration.ofSeconds(30), "node-" + damaged + " logging that it will not sign", () -> logContains(damaged,
        "will not sign until it has re-synced past height"));
    Poll.until(Duration.ofSeconds(60), "node-" + damaged + " signing again after re-syncing", () -> logContains(damaged,
        "signing resumes with a fresh WAL"));

    // It signs again: with node-0 stopped, the chain only goes on if validators 1, 2 and 3 all sign (3 of 4 > 2/3).
    testnet.terminate(0);
    List<Integer> rest = List.of(1, 2, 3);
    long atStop = testnet.maxHeight(rest);
    testnet.awaitHeight(rest, atStop + 3, Duration.ofSeconds(60));
    testnet.up();
    testnet.awaitHeight(ALL, testnet.maxHeight(rest) + 2, Duration.ofSeconds(60));
    testnet.assertSameHashesOnSharedHeights(ALL);
  }

  private Optional<Boolean> logContains(int node, String text) {
    try {
      return testnet.log(node).contains(text) ? Optional.of(true) : Optional.empty();
    } catch (java.io.IOException e) {
      throw new AssertionError("cannot read node-" + node + "'s log", e);
    }
  }

  /** Every node of {@code side} drops consensus traffic with every node of {@code other}. */
  private void partition(List<Integer> side, List<Integer> other) throws Exception {
    StringBuilder ids = new StringBuilder("[[");
    for (int i = 0; i < other.size(); i++) {
      ids.append(i == 0 ? "" : ",").append('"').append(testnet.peerId(other.get(i))).append('"');
    }
    String params = ids.append("]]").toString();
    for (int node : side) {
      JsonNode blocked = testnet.rpc(node, "admin_partition", params)
          .orElseThrow(() -> new AssertionError("admin_partition failed on node-" + node));
      assertEquals(other.size(), blocked.size(), "peers cut off on node-" + node + ": " + blocked);
    }
  }

  private void heal(List<Integer> nodes) {
    for (int node : nodes) {
      JsonNode blocked = testnet.rpc(node, "admin_partition", "[[]]")
          .orElseThrow(() -> new AssertionError("admin_partition failed on node-" + node));
      assertEquals(0, blocked.size(), "node-" + node + " still cuts off " + blocked);
    }
  }
}
