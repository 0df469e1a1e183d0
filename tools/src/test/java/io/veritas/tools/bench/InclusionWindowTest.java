package io.veritas.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class InclusionWindowTest {
  @Test
  void countsOnlyBlocksWhoseTimestampIsInsideTheHalfOpenWindow() {
    InclusionWindow window = new InclusionWindow(100, 103);
    List<BlockSample> blocks =
        List.of(
            new BlockSample(1, 99, 1_000), // before: warm-up
            new BlockSample(2, 100, 5_000),
            new BlockSample(3, 101, 6_000),
            new BlockSample(4, 102, 4_000),
            new BlockSample(5, 103, 9_000)); // the end second is outside
    InclusionWindow.Count count = window.count(blocks);
    assertEquals(3, count.blocks());
    assertEquals(15_000, count.transactions());
    assertEquals(5_000.0, count.transactionsPerSecond());
  }

  @Test
  void twoBlocksInOneSecondBothCount() {
    InclusionWindow window = new InclusionWindow(10, 12);
    InclusionWindow.Count count =
        window.count(List.of(new BlockSample(7, 10, 100), new BlockSample(8, 10, 50), new BlockSample(9, 11, 50)));
    assertEquals(3, count.blocks());
    assertEquals(200, count.transactions());
    assertEquals(100.0, count.transactionsPerSecond());
  }

  @Test
  void emptyChainSegmentGivesZeroThroughput() {
    InclusionWindow.Count count = new InclusionWindow(0, 30).count(List.of());
    assertEquals(0, count.blocks());
    assertEquals(0.0, count.transactionsPerSecond());
  }

  @Test
  void containsIsHalfOpen() {
    InclusionWindow window = new InclusionWindow(5, 6);
    assertTrue(window.contains(5));
    assertFalse(window.contains(6));
    assertFalse(window.contains(4));
    assertEquals(1, window.seconds());
  }

  @Test
  void rejectsAnEmptyWindow() {
    assertThrows(IllegalArgumentException.class, () -> new InclusionWindow(5, 5));
  }
}
