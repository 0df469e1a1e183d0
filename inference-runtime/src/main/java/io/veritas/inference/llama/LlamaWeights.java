package io.veritas.inference.llama;

import io.veritas.inference.gguf.GgufFile;
import io.veritas.inference.gguf.GgufTensor;
import io.veritas.inference.kernel.WeightMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of a Llama model, by GGUF name, with their shapes checked against the config. Matrices stay in the
 * mapped file; norm vectors are dequantized to float once.
 */
public record LlamaWeights(
    WeightMatrix tokenEmbedding,
    List<Layer> layers,
    float[] outputNorm,
    WeightMatrix output) {

  /** One transformer block. Matrices have one row per output element. */
  public record Layer(float[] attnNorm, WeightMatrix wq, WeightMatrix wk, WeightMatrix wv, WeightMatrix wo,
      float[] ffnNorm, WeightMatrix wGate, WeightMatrix wUp, WeightMatrix wDown) {}

  public static LlamaWeights load(GgufFile file, LlamaConfig c) {
    WeightMatrix embedding = matrix(file, "token_embd.weight", c.vocabSize(), c.dim());
    List<Layer> layers = new ArrayList<>();
    for (int l = 0; l < c.layers(); l++) {
      String p = "blk." + l + ".";
      layers.add(new Layer(
          vector(file, p + "attn_norm.weight", c.dim()),
          matrix(file, p + "attn_q.weight", c.dim(), c.dim()),
          matrix(file, p + "attn_k.weight", c.kvDim(), c.dim()),
          matrix(file, p + "attn_v.weight", c.kvDim(), c.dim()),
          matrix(file, p + "attn_output.weight", c.dim(), c.dim()),
          vector(file, p + "ffn_norm.weight", c.dim()),
          matrix(file, p + "ffn_gate.weight", c.ffnDim(), c.dim()),
          matrix(file, p + "ffn_up.weight", c.ffnDim(), c.dim()),
          matrix(file, p + "ffn_down.weight", c.dim(), c.ffnDim())));
    }
    // Tied embeddings: without output.weight the head reuses the token embedding, as llama.cpp does.
    WeightMatrix output = file.hasTensor("output.weight")
        ? matrix(file, "output.weight", c.vocabSize(), c.dim())
        : embedding;
    return new LlamaWeights(embedding, List.copyOf(layers), vector(file, "output_norm.weight", c.dim()), output);
  }

  private static WeightMatrix matrix(GgufFile file, String name, int rows, int cols) {
    GgufTensor t = file.tensor(name);
    long[] dims = t.info().dims();
    if (dims.length != 2 || dims[0] != cols || dims[1] != rows) {
      throw new UnsupportedModelException("tensor '" + name + "' has shape " + java.util.Arrays.toString(dims)
          + ", expected [" + cols + ", " + rows + "]");
    }
    return WeightMatrix.of(t);
  }

  private static float[] vector(GgufFile file, String name, int n) {
    GgufTensor t = file.tensor(name);
    if (t.info().elementCount() != n) {
      throw new UnsupportedModelException("tensor '" + name + "' has " + t.info().elementCount() + " elements, expected " + n);
    }
    return t.toFloatArray();
  }
}
