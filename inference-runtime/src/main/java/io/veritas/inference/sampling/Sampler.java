package io.veritas.inference.sampling;

/**
 * Chooses a token from logits, deterministically. Greedy: the highest logit, ties to the lowest token id.
 * Temperature + top-p, exactly (all arithmetic in float unless noted):
 *
 * <ol>
 *   <li>z_i = logit_i / T; m = max z_i; e_i = (float) StrictMath.exp(z_i - m) (exp in double, rounded to float);
 *   <li>order the tokens by e_i descending, ties by lowest id;
 *   <li>S = sum of e_i in that order (sequential float additions); the nucleus is the shortest prefix of the order
 *       whose running sum c_k (same sequential sums) satisfies c_k &gt;= topP · S, i.e. (float) topP * S;
 *   <li>u = {@link CounterRandom#uniform}(seed, t) for the position t the token will occupy; r = (float) (u · c)
 *       where c is the nucleus sum; the chosen token is the first in the nucleus whose running sum exceeds r
 *       (the last one if rounding leaves none).
 * </ol>
 *
 * Not thread-safe (reuses buffers); one per job.
 */
public final class Sampler {
  private final SamplingParams params;
  private long[] order = new long[0];
  private float[] weights = new float[0];

  public Sampler(SamplingParams params) {
    this.params = params;
  }

  public SamplingParams params() {
    return params;
  }

  /** The token for sequence position {@code position}, from {@code logits[offset .. offset+vocab)}. */
  public int sample(float[] logits, int offset, int vocab, int position) {
    if (params.isGreedy()) {
      return argmax(logits, offset, vocab);
    }
    if (order.length < vocab) {
      order = new long[vocab];
      weights = new float[vocab];
    }
    float temperature = params.temperature();
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) {
      max = Math.max(max, logits[offset + i] / temperature);
    }
    for (int i = 0; i < vocab; i++) {
      float e = (float) StrictMath.exp(logits[offset + i] / temperature - max);
      weights[i] = e;
      // e >= 0, so its float bits order like its value; ~i makes equal weights order by lowest id after the
      // descending sort below.
      order[i] = ((long) Float.floatToIntBits(e) << 32) | (~i & 0xFFFF_FFFFL);
    }
    java.util.Arrays.sort(order, 0, vocab); // ascending; we walk it from the end
    float total = 0f;
    for (int k = vocab - 1; k >= 0; k--) {
      total += weights[tokenAt(k)];
    }
    float threshold = params.topP() * total;
    float nucleus = 0f;
    int last = vocab - 1;
    for (int k = vocab - 1; k >= 0; k--) {
      nucleus += weights[tokenAt(k)];
      last = k;
      if (nucleus >= threshold) {
        break;
      }
    }
    float r = (float) (CounterRandom.uniform(params.seed(), position) * nucleus);
    float running = 0f;
    for (int k = vocab - 1; k >= last; k--) {
      running += weights[tokenAt(k)];
      if (running > r) {
        return tokenAt(k);
      }
    }
    return tokenAt(last);
  }

  private int tokenAt(int k) {
    return ~(int) order[k];
  }

  /** Index of the largest value, ties to the lowest index. */
  public static int argmax(float[] logits, int offset, int vocab) {
    int best = 0;
    float bestValue = logits[offset];
    for (int i = 1; i < vocab; i++) {
      if (logits[offset + i] > bestValue) {
        best = i;
        bestValue = logits[offset + i];
      }
    }
    return best;
  }
}
