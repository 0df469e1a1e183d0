package io.veritas.inference.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplerTest {
  @Test
  void uniformIsTheFirstEightBytesOfSha256ScaledTo53Bits() {
    // Expected values computed independently: sha256(seed BE8 || t BE4)[0..8] >>> 11, times 2^-53.
    assertEquals(0.30271761772098515, CounterRandom.uniform(42, 0));
    assertEquals(0.09377767659699165, CounterRandom.uniform(42, 7));
    assertEquals(0.8161491459374576, CounterRandom.uniform(-1L, 123456));
  }

  @Test
  void greedyTakesTheLowestIdAmongEqualMaxima() {
    Sampler s = new Sampler(SamplingParams.greedy());
    assertEquals(2, s.sample(new float[] {0f, 1f, 3f, 3f, -1f}, 0, 5, 0));
    assertEquals(1, s.sample(new float[] {9f, 0f, 4f, 5f}, 2, 2, 0));
    assertEquals(0, s.sample(new float[] {9f, 0f, 5f, 5f}, 2, 2, 0));
  }

  @Test
  void topPKeepsTheSmallestPrefixReachingTheMass() {
    // Temperature 1: weights e^(l - max) = 1, e^-1, e^-1, e^-10 ... with top-p 0.5 only token 0 remains (1 / 2.74 > 0.5).
    Sampler s = new Sampler(new SamplingParams(42, 1f, 0.5f));
    float[] logits = {5f, 4f, 4f, -5f};
    for (int t = 0; t < 50; t++) {
      assertEquals(0, s.sample(logits, 0, 4, t));
    }
  }

  @Test
  void samplesFollowTheCounterStream() {
    // Two equal tokens, top-p 1: the first (lowest id) is chosen when u * 2 < 1, the second otherwise.
    Sampler s = new Sampler(new SamplingParams(42, 1f, 1f));
    float[] logits = {0f, 0f, -100f};
    for (int t = 0; t < 20; t++) {
      int expected = CounterRandom.uniform(42, t) < 0.5 ? 0 : 1;
      assertEquals(expected, s.sample(logits, 0, 3, t), "position " + t);
    }
  }

  @Test
  void rejectsInvalidParameters() {
    assertEquals("temperature must be a finite number >= 0, got -1.0",
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(1, -1f, 0.9f)).getMessage());
    assertEquals("top-p must be in (0, 1], got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(1, 1f, 0f)).getMessage());
  }
}
