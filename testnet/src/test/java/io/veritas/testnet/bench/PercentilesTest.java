package io.veritas.testnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {
  @Test
  void nearestRankOfTenValuesGivenOutOfOrder() {
    Percentiles p = new Percentiles(new long[] {10, 1, 9, 2, 8, 3, 7, 4, 6, 5});
    assertEquals(5, p.nanos(50));   // rank ceil(5.0) = 5
    assertEquals(6, p.nanos(51));   // rank ceil(5.1) = 6
    assertEquals(10, p.nanos(99));  // rank ceil(9.9) = 10
    assertEquals(10, p.nanos(100));
    assertEquals(1, p.nanos(0.1));  // rank ceil(0.01) = 1
  }

  @Test
  void p99OfAHundredValuesIsTheNinetyNinthSmallest() {
    long[] sample = new long[100];
    for (int i = 0; i < 100; i++) {
      sample[i] = (100 - i) * 1_000_000L; // 100 ms down to 1 ms
    }
    Percentiles p = new Percentiles(sample);
    assertEquals(99.0, p.millis(99));
    assertEquals(50.0, p.millis(50));
    assertEquals(100, p.size());
  }

  @Test
  void doesNotReorderTheCallersArray() {
    long[] sample = {3, 1, 2};
    new Percentiles(sample);
    assertEquals(3, sample[0]);
  }

  @Test
  void rejectsAnEmptySampleAndPercentilesOutsideTheRange() {
    assertThrows(IllegalArgumentException.class, () -> new Percentiles(new long[0]));
    Percentiles p = new Percentiles(new long[] {1});
    assertThrows(IllegalArgumentException.class, () -> p.nanos(0));
    assertThrows(IllegalArgumentException.class, () -> p.nanos(100.5));
  }
}
