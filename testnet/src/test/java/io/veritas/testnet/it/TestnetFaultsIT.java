package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Process faults on one shared four-validator testnet (500 ms blocks) started from the packaged distribution: each
 * test injects its fault, checks through JSON-RPC that every node reports the same block hash at every height they
 * share, and leaves all four validators running and caught up for the next one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestnetFaultsIT {
  private static final List<Integer> ALL = LocalTestnet.ALL;
  /** The block time the testnet is initialised with. */
  private static final Duration BLOCK_TIME = Duration.ofMillis(500);

  private LocalTestnet testnet;

  @BeforeAll
  void up() throws Exception {
    testnet = LocalTestnet.init(BLOCK_TIME.toMillis() + "ms");
    testnet.up();
    testnet.awaitHeight(ALL, 3, Duration.ofSeconds(60));
  }

  @AfterAll
  void down() throws Exception {
    if (testnet != null) {
      testnet.close();
    }
  }

  @Test
  @Order(2)
  void restartingEachValidatorInTurnNeverStopsFinalization() throws Exception {
    for (int node : ALL) {
      List<Integer> others = ALL.stream().filter(i -> i != node).toList();
      testnet.terminate(node);
      // The other three hold 3/4 > 2/3 of the power: blocks keep coming while it is down.
      long atStop = testnet.minHeight(others);
      testnet.awaitHeight(others, atStop + 2, Duration.ofSeconds(40));
      testnet.up();
      long target = testnet.maxHeight(others) + 2;
      testnet.awaitHeight(ALL, target, Duration.ofSeconds(60));
      testnet.assertSameHashesOnSharedHeights(ALL);
    }
  }

  @Test
  @Order(1)
  void aValidatorPausedForTenSecondsCatchesUpWithoutAFork() throws Exception {
    int paused = 2;
    List<Integer> others = List.of(0, 1, 3);
    // A settled network: every validator connected to the three others.
    Poll.until(Duration.ofSeconds(30), "every validator with 3 peers", () -> ALL.stream()
        .allMatch(i -> testnet.rpc(i, "net_peerCount", "[]").map(n -> Long.decode(n.asText()) == 3).orElse(false))
        ? Optional.of(true) : Optional.empty());
    testnet.signal(paused, "STOP");
    try {
      long atStop = testnet.minHeight(others);
      // Ten seconds frozen (the fault itself, not a wait for a condition); the other three go on meanwhile.
      long resumeAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      testnet.awaitHeight(others, atStop + 3, Duration.ofSeconds(10));
      Poll.until(Duration.ofSeconds(11), "ten seconds paused",
          () -> System.nanoTime() >= resumeAt ? Optional.of(true) : Optional.empty());
    } finally {
      testnet.signal(paused, "CONT");
    }
    long target = testnet.maxHeight(others) + 2;
    testnet.awaitHeight(ALL, target, Duration.ofSeconds(60));
    testnet.assertSameHashesOnSharedHeights(ALL);
  }

  @Test
  @Order(3)
  void twoOfFourStoppedHaltsTheChainAndRestartingThemResumesIt() throws Exception {
    List<Integer> running = List.of(0, 1);
    testnet.terminate(2);
    testnet.terminate(3);
    // A height whose precommits were in flight when the two stopped may still be finalized by one of the two left;
    // after that, 2 of 4 is below the +2/3 quorum and nothing more can be.
    long settled = Poll.until(Duration.ofSeconds(30), "the two running validators at one height for 4 block times",
        testnet.stableHeight(running, BLOCK_TIME.multipliedBy(4)));
    long watchUntil = System.nanoTime() + BLOCK_TIME.multipliedBy(10).toNanos();
    while (System.nanoTime() < watchUntil) {
      long max = testnet.maxHeight(running);
      assertTrue(max <= settled, "height went from " + settled + " to " + max + " with only 2 of 4 validators");
      Thread.sleep(100);
    }
    testnet.assertSameHashes(running, 1, settled);

    testnet.up();
    testnet.awaitHeight(ALL, settled + 3, Duration.ofSeconds(90));
    testnet.assertSameHashesOnSharedHeights(ALL);
  }

  @Test
  @Order(4)
  void aFullNodeStartedLaterSyncsFromGenesisToTheSameHashes() throws Exception {
    testnet.startFullNode();
    List<Integer> withFullNode = List.of(0, 1, 2, 3, LocalTestnet.EXTRA);
    long target = testnet.maxHeight(ALL) + 2;
    testnet.awaitHeight(List.of(LocalTestnet.EXTRA), target, Duration.ofSeconds(90));
    testnet.assertSameHashesOnSharedHeights(withFullNode);
  }
}
