package io.veritas.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {
  @Test
  void nearestRankPercentilesOfOneToHundred() {
    long[] values = new long[100];
    for (int i = 0; i < 100; i++) {
      values[i] = 100 - i; // unsorted on purpose
    }
    LatencySummary s = LatencySummary.of(values);
    assertEquals(100, s.count());
    assertEquals(50, s.p50Nanos());
    assertEquals(99, s.p99Nanos());
    assertEquals(100, s.maxNanos());
  }

  @Test
  void p99OfFewValuesIsTheMaximum() {
    LatencySummary s = LatencySummary.of(new long[] {30, 10, 20});
    assertEquals(20, s.p50Nanos());
    assertEquals(30, s.p99Nanos());
  }

  @Test
  void p50OfAnEvenCountTakesTheLowerMiddleValue() {
    assertEquals(2, LatencySummary.percentile(new long[] {1, 2, 3, 4}, 50));
  }

  @Test
  void singleValueIsEveryPercentile() {
    LatencySummary s = LatencySummary.of(new long[] {7_000_000});
    assertEquals(7_000_000, s.p50Nanos());
    assertEquals(7_000_000, s.p99Nanos());
    assertEquals(7.0, s.p50Millis());
  }

  @Test
  void doesNotReorderTheCallersArray() {
    long[] values = {3, 1, 2};
    LatencySummary.of(values);
    assertEquals(3, values[0]);
    assertEquals(1, values[1]);
  }

  @Test
  void emptyInputGivesTheEmptySummary() {
    assertEquals(LatencySummary.EMPTY, LatencySummary.of(new long[0]));
  }

  @Test
  void rejectsPercentileOutsideZeroToHundred() {
    assertThrows(IllegalArgumentException.class, () -> LatencySummary.percentile(new long[] {1}, 0));
    assertThrows(IllegalArgumentException.class, () -> LatencySummary.percentile(new long[] {1}, 100.5));
  }
}
