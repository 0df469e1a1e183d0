package io.veritas.inference.modelgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.inference.TestModels;
import io.veritas.inference.engine.LoadedModel;
import io.veritas.inference.gguf.GgmlType;
import io.veritas.inference.gguf.GgufFormatException;
import io.veritas.inference.gguf.GgufValue;
import io.veritas.inference.gguf.GgufWriter;
import io.veritas.inference.gguf.GgufWriter.TensorPayload;
import io.veritas.inference.llama.LlamaConfig;
import io.veritas.inference.llama.UnsupportedModelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLoadingTest {
  @TempDir Path dir;

  private Path writeWith(ModelShape shape, Map<String, GgufValue> overrides, String dropTensor) {
    Map<String, GgufValue> md = SeededModelGenerator.metadata(shape);
    md.putAll(overrides);
    List<TensorPayload> tensors = SeededModelGenerator.tensors(shape).stream()
        .filter(t -> !t.name().equals(dropTensor)).toList();
    Path path = dir.resolve("m.gguf");
    GgufWriter.write(path, md, tensors);
    return path;
  }

  @Test
  void generatedFileCarriesTheHyperParametersLlamaCppNeeds() {
    ModelShape shape = TestModels.tiny(GgmlType.Q8_0);
    try (LoadedModel m = LoadedModel.open(TestModels.write(shape, dir))) {
      assertEquals(new LlamaConfig(64, 4, 128, 4, 2, 16, 16, 10000f, 1e-5f, 160, 512), m.model().config());
      for (String key : List.of("general.architecture", "llama.context_length", "llama.embedding_length",
          "llama.block_count", "llama.feed_forward_length", "llama.attention.head_count", "llama.attention.head_count_kv",
          "llama.attention.layer_norm_rms_epsilon", "llama.rope.freq_base", "llama.rope.dimension_count",
          "tokenizer.ggml.model", "tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type",
          "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id")) {
        assertEquals(true, m.file().metadata().contains(key), key);
      }
    }
  }

  @Test
  void generationIsReproducibleByteForByte() throws Exception {
    ModelShape shape = TestModels.tiny(GgmlType.Q4_0);
    Path a = dir.resolve("a.gguf");
    Path b = dir.resolve("b.gguf");
    SeededModelGenerator.write(shape, a);
    SeededModelGenerator.write(shape, b);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertEquals(LoadedModel.sha256Hex(a), LoadedModel.sha256Hex(b));
  }

  @Test
  void defaultShapeHasAboutFifteenMillionParameters() {
    assertEquals(15_735_168L, ModelShape.DEFAULT.parameterCount());
    assertEquals(134_515_008L, ModelShape.BENCH.parameterCount());
  }

  @Test
  void rejectsUnknownArchitecture() {
    Path p = writeWith(TestModels.tiny(GgmlType.F32), Map.of("general.architecture", GgufValue.string("qwen2")), "");
    assertEquals("unsupported model architecture 'qwen2'; this runtime runs 'llama' models",
        assertThrows(UnsupportedModelException.class, () -> LoadedModel.open(p)).getMessage());
  }

  @Test
  void rejectsMissingTensorAndKey() {
    Path p = writeWith(TestModels.tiny(GgmlType.F32), Map.of(), "blk.2.ffn_up.weight");
    assertEquals("tensor 'blk.2.ffn_up.weight' is missing from " + p,
        assertThrows(GgufFormatException.class, () -> LoadedModel.open(p)).getMessage());
  }

  @Test
  void rejectsInconsistentHeadCount() {
    Path p = writeWith(TestModels.tiny(GgmlType.F32), Map.of("llama.attention.head_count_kv", GgufValue.uint32(3)), "");
    assertEquals("invalid llama hyper-parameters: head count 4 is not a multiple of the KV head count 3",
        assertThrows(UnsupportedModelException.class, () -> LoadedModel.open(p)).getMessage());
  }
}
