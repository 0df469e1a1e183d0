package io.veritas.inference.llama;

import io.veritas.inference.gguf.GgufFile;
import io.veritas.inference.kernel.Kernels;
import io.veritas.inference.kernel.VectorKernels;
import java.util.Objects;

/** A loaded Llama model: hyper-parameters, weights (mapped from the GGUF file) and the kernels to run them with. */
public record LlamaModel(LlamaConfig config, LlamaWeights weights, Kernels kernels) {
  public LlamaModel {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(kernels, "kernels");
  }

  /** Reads config and weights from an open GGUF file, using the vectorized canonical kernels. */
  public static LlamaModel load(GgufFile file) {
    return load(file, new VectorKernels());
  }

  public static LlamaModel load(GgufFile file, Kernels kernels) {
    int vocab = file.tensor("token_embd.weight").rows();
    LlamaConfig config = LlamaConfig.from(file.metadata(), vocab);
    return new LlamaModel(config, LlamaWeights.load(file, config), kernels);
  }
}
