package io.veritas.inference.llama;

import io.veritas.inference.gguf.GgufMetadata;

/**
 * Hyper-parameters of a Llama-architecture model, from GGUF metadata ({@code llama.*} keys).
 *
 * @param dim embedding length (hidden size)
 * @param layers number of transformer blocks
 * @param ffnDim feed-forward (SwiGLU) hidden size
 * @param heads query heads
 * @param kvHeads key/value heads (grouped-query attention when fewer than {@code heads})
 * @param headDim dim / heads
 * @param ropeDim number of leading dimensions of each head that RoPE rotates (even)
 * @param ropeBase RoPE frequency base θ
 * @param rmsEps RMSNorm epsilon
 * @param contextLength maximum number of positions
 * @param vocabSize number of tokens (rows of the embedding)
 */
public record LlamaConfig(int dim, int layers, int ffnDim, int heads, int kvHeads, int headDim, int ropeDim,
    float ropeBase, float rmsEps, int contextLength, int vocabSize) {
  public static final String ARCHITECTURE = "llama";

  public LlamaConfig {
    require(dim > 0 && layers > 0 && ffnDim > 0 && heads > 0 && kvHeads > 0 && contextLength > 0 && vocabSize > 0,
        "all dimensions must be positive");
    require(dim % heads == 0, "embedding length " + dim + " is not a multiple of the head count " + heads);
    require(headDim == dim / heads, "head dimension " + headDim + " != " + dim + " / " + heads);
    require(heads % kvHeads == 0, "head count " + heads + " is not a multiple of the KV head count " + kvHeads);
    require(ropeDim > 0 && ropeDim <= headDim && ropeDim % 2 == 0,
        "rope dimension " + ropeDim + " must be even and at most the head dimension " + headDim);
    require(ropeBase > 0 && Float.isFinite(ropeBase), "rope.freq_base must be positive, got " + ropeBase);
    require(rmsEps > 0 && Float.isFinite(rmsEps), "layer_norm_rms_epsilon must be positive, got " + rmsEps);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new UnsupportedModelException("invalid llama hyper-parameters: " + message);
    }
  }

  public int kvDim() {
    return kvHeads * headDim;
  }

  /** Reads the {@code llama.*} keys; {@code vocabSize} comes from the token embedding. */
  public static LlamaConfig from(GgufMetadata md, int vocabSize) {
    String arch = md.findString("general.architecture").orElseThrow(
        () -> new UnsupportedModelException("GGUF metadata has no general.architecture; expected '" + ARCHITECTURE + "'"));
    if (!ARCHITECTURE.equals(arch)) {
      throw new UnsupportedModelException("unsupported model architecture '" + arch + "'; this runtime runs '"
          + ARCHITECTURE + "' models");
    }
    int dim = md.getInt("llama.embedding_length");
    int heads = md.getInt("llama.attention.head_count");
    int kvHeads = md.findInt("llama.attention.head_count_kv").orElse(heads);
    int headDim = heads > 0 ? dim / heads : 0;
    return new LlamaConfig(
        dim,
        md.getInt("llama.block_count"),
        md.getInt("llama.feed_forward_length"),
        heads,
        kvHeads,
        headDim,
        md.findInt("llama.rope.dimension_count").orElse(headDim),
        md.findFloat("llama.rope.freq_base").orElse(10000f),
        md.findFloat("llama.attention.layer_norm_rms_epsilon").orElse(1e-5f),
        md.getInt("llama.context_length"),
        vocabSize);
  }
}
