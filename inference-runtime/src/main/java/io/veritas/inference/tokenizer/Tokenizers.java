package io.veritas.inference.tokenizer;

import io.veritas.inference.gguf.GgufMetadata;

/** Builds the tokenizer a GGUF file describes ({@code tokenizer.ggml.model}). */
public final class Tokenizers {
  private Tokenizers() {}

  public static Tokenizer fromMetadata(GgufMetadata md) {
    String model = md.findString("tokenizer.ggml.model")
        .orElseThrow(() -> new TokenizerException("GGUF metadata has no tokenizer.ggml.model"));
    return switch (model) {
      case "llama" -> new SentencePieceTokenizer(Vocabulary.from(md, true),
          md.findBool("tokenizer.ggml.add_space_prefix").orElse(true));
      case "gpt2" -> new ByteLevelBpeTokenizer(Vocabulary.from(md, false), md.getStringArray("tokenizer.ggml.merges"),
          PreTokenizer.forName(md.findString("tokenizer.ggml.pre").orElse("default")));
      default -> throw new TokenizerException("unsupported tokenizer.ggml.model '" + model + "'; supported: llama, gpt2");
    };
  }
}
