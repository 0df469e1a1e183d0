package io.veritas.inference.modelgen;

import io.veritas.inference.gguf.GgmlType;
import java.util.Objects;

/**
 * Everything that determines a generated model file: hyper-parameters, matrix encoding, vocabulary size and the
 * seed of the weight stream. Two equal shapes generate byte-identical GGUF files.
 */
public record ModelShape(String name, int dim, int layers, int ffnDim, int heads, int kvHeads, int vocabSize,
    int contextLength, float ropeBase, float rmsEps, GgmlType matrixType, boolean tiedEmbeddings, long seed) {

  /** The network's default model: about 15.7 M parameters, Q8_0, untied output head, a 4096-token SentencePiece-style vocabulary. */
  public static final ModelShape DEFAULT =
      new ModelShape("veritas-default-16m", 384, 8, 1024, 6, 2, 4096, 2048, 10000f, 1e-5f, GgmlType.Q8_0, false, 0x5645524954415331L);

  /** SmolLM2-135M's dimensions (576 wide, 30 layers, 9 heads, 3 KV heads, 1536 FFN, 49152 tokens) in Q8_0. */
  public static final ModelShape BENCH =
      new ModelShape("veritas-bench-smollm2-135m-shape", 576, 30, 1536, 9, 3, 49152, 2048, 100000f, 1e-5f, GgmlType.Q8_0, true,
          0x5645524954415332L);

  public ModelShape {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(matrixType, "matrixType");
    if (dim <= 0 || layers <= 0 || ffnDim <= 0 || heads <= 0 || kvHeads <= 0 || contextLength <= 0) {
      throw new IllegalArgumentException("model shape dimensions must be positive: " + this);
    }
    if (dim % heads != 0 || heads % kvHeads != 0 || (dim / heads) % 2 != 0) {
      throw new IllegalArgumentException("heads must divide dim with an even head size, and KV heads must divide heads: " + this);
    }
    if (dim % matrixType.blockSize() != 0 || ffnDim % matrixType.blockSize() != 0) {
      throw new IllegalArgumentException("dim and ffnDim must be multiples of " + matrixType + "'s block size: " + this);
    }
    if (vocabSize < GeneratedVocabulary.MIN_SIZE || vocabSize > GeneratedVocabulary.MAX_SIZE) {
      throw new IllegalArgumentException("vocabulary size must be in " + GeneratedVocabulary.MIN_SIZE + ".."
          + GeneratedVocabulary.MAX_SIZE + ", got " + vocabSize);
    }
  }

  public int headDim() {
    return dim / heads;
  }

  public int kvDim() {
    return kvHeads * headDim();
  }

  public long parameterCount() {
    long perLayer = 2L * dim + (long) dim * dim * 2 + 2L * dim * kvDim() + 3L * dim * ffnDim;
    return (long) vocabSize * dim * (tiedEmbeddings ? 1 : 2) + layers * perLayer + dim;
  }
}
