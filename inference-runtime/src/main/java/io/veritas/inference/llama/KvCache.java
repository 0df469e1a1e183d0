package io.veritas.inference.llama;

/** Keys and values (after RoPE) of every layer for positions {@code 0 .. capacity-1}, position-major. */
public final class KvCache {
  private final float[][] keys;
  private final float[][] values;
  private final int capacity;
  private final int kvDim;

  public KvCache(LlamaConfig config, int capacity) {
    if (capacity < 1 || capacity > config.contextLength()) {
      throw new IllegalArgumentException("KV cache capacity " + capacity + " outside 1.." + config.contextLength());
    }
    this.capacity = capacity;
    this.kvDim = config.kvDim();
    this.keys = new float[config.layers()][Math.multiplyExact(capacity, kvDim)];
    this.values = new float[config.layers()][Math.multiplyExact(capacity, kvDim)];
  }

  public int capacity() {
    return capacity;
  }

  float[] keys(int layer) {
    return keys[layer];
  }

  float[] values(int layer) {
    return values[layer];
  }

  int kvDim() {
    return kvDim;
  }
}
