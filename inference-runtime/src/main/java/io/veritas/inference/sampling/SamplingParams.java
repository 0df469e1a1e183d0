package io.veritas.inference.sampling;

/**
 * How to choose each output token: {@code temperature == 0} is greedy (argmax, ties to the lowest token id);
 * otherwise temperature + top-p (nucleus) sampling driven by {@link CounterRandom} with {@code seed}.
 */
public record SamplingParams(long seed, float temperature, float topP) {
  public SamplingParams {
    if (!(temperature >= 0f) || !Float.isFinite(temperature)) {
      throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
    }
    if (!(topP > 0f && topP <= 1f)) {
      throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
    }
  }

  public static SamplingParams greedy() {
    return new SamplingParams(0, 0f, 1f);
  }

  public boolean isGreedy() {
    return temperature == 0f;
  }
}
