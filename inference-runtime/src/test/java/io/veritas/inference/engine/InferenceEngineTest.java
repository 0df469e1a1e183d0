package io.veritas.inference.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.inference.TestModels;
import io.veritas.inference.gguf.GgmlType;
import io.veritas.inference.kernel.ReferenceKernels;
import io.veritas.inference.llama.LlamaModel;
import io.veritas.inference.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InferenceEngineTest {
  @TempDir Path dir;

  private static final int[] PROMPT = {1, 300, 301, 302, 17, 99, 400, 401, 402, 403, 5};

  private static GenerationRequest request(int maxTokens) {
    return new GenerationRequest(PROMPT, maxTokens, new SamplingParams(42, 0.9f, 0.95f), 1, false);
  }

  @ParameterizedTest
  @EnumSource(GgmlType.class)
  void sameTraceRootForOneTwoAndFourThreads(GgmlType type) {
    try (LoadedModel m = LoadedModel.open(TestModels.write(TestModels.tiny(type), dir))) {
      GenerationResult one = generate(m, 1);
      GenerationResult two = generate(m, 2);
      GenerationResult four = generate(m, 4);
      assertArrayEquals(one.outputTokens(), two.outputTokens());
      assertArrayEquals(one.outputTokens(), four.outputTokens());
      assertArrayEquals(one.traceRoot(), two.traceRoot());
      assertArrayEquals(one.traceRoot(), four.traceRoot());
      assertEquals(PROMPT.length + 20, one.trace().positions());
      System.out.println(type + " " + HexFormat.of().formatHex(one.traceRoot()));
    }
  }

  private static GenerationResult generate(LoadedModel m, int threads) {
    try (InferenceEngine e = InferenceEngine.of(m, threads)) {
      return e.generate(request(20));
    }
  }

  @ParameterizedTest
  @EnumSource(GgmlType.class)
  void replayByPrefillReproducesDecodeTraceBitForBit(GgmlType type) {
    try (LoadedModel m = LoadedModel.open(TestModels.write(TestModels.tiny(type), dir));
        InferenceEngine e = InferenceEngine.of(m, 2)) {
      // 70 prompt+output positions span two prefill chunks.
      GenerationRequest req = new GenerationRequest(PROMPT, 70, new SamplingParams(7, 1.0f, 0.9f), 2, false);
      GenerationResult gen = e.generate(req);
      ReplayResult replay = e.replay(req, gen.outputTokens());
      assertTrue(replay.tokenMismatch().isEmpty(), () -> replay.tokenMismatch().toString());
      assertTrue(replay.matches(gen.traceRoot()));
      assertEquals(gen.trace().leaves().size(), replay.trace().leaves().size());
      assertTrue(replay.trace().firstDifference(gen.trace().leaves()).isEmpty());
    }
  }

  @ParameterizedTest
  @EnumSource(GgmlType.class)
  void vectorKernelsGiveTheScalarReferenceTrace(GgmlType type) {
    Path path = TestModels.write(TestModels.tiny(type), dir);
    try (LoadedModel m = LoadedModel.open(path);
        InferenceEngine vector = InferenceEngine.of(m, 2);
        InferenceEngine scalar = new InferenceEngine(new LlamaModel(m.model().config(), m.model().weights(),
            new ReferenceKernels()), m.tokenizer().eos(), 1)) {
      GenerationResult v = vector.generate(request(12));
      GenerationResult s = scalar.generate(request(12));
      assertArrayEquals(s.outputTokens(), v.outputTokens());
      assertArrayEquals(s.traceRoot(), v.traceRoot());
    }
  }

  @org.junit.jupiter.api.Test
  void stagesChainedEqualTheWholeModel() {
    try (LoadedModel m = LoadedModel.open(TestModels.write(TestModels.tiny(GgmlType.Q8_0), dir));
        InferenceEngine e = InferenceEngine.of(m, 2)) {
      GenerationRequest req = new GenerationRequest(PROMPT, 8, SamplingParams.greedy(), 1, false);
      GenerationResult gen = e.generate(req);
      int[] all = new int[PROMPT.length + 8];
      System.arraycopy(PROMPT, 0, all, 0, PROMPT.length);
      System.arraycopy(gen.outputTokens(), 0, all, PROMPT.length, 8);
      float[] h = e.embeddings(all);
      StageResult first = e.runStage(0, 1, h, all.length, 1);
      StageResult second = e.runStage(1, 3, first.outputHidden(), all.length, 1);
      StageResult third = e.runStage(3, 4, second.outputHidden(), all.length, 1);
      List<byte[]> expected = gen.trace().leaves();
      for (StageResult stage : List.of(first, second, third)) {
        for (StageResult.StageLeaf leaf : stage.leaves()) {
          assertArrayEquals(expected.get(gen.trace().layout().leafIndex(leaf.position(), leaf.boundary())), leaf.leaf(),
              "leaf " + leaf.position() + "," + leaf.boundary());
        }
      }
      assertEquals(all.length * 2, second.leaves().size());
      assertEquals(all.length * 2, third.leaves().size()); // layer 4 and the final norm
    }
  }

  @org.junit.jupiter.api.Test
  void replayReportsTheFirstTokenTheSamplerWouldNotChoose() {
    try (LoadedModel m = LoadedModel.open(TestModels.write(TestModels.tiny(GgmlType.Q8_0), dir));
        InferenceEngine e = InferenceEngine.of(m, 1)) {
      GenerationRequest req = new GenerationRequest(PROMPT, 10, SamplingParams.greedy(), 1, false);
      int[] out = e.generate(req).outputTokens();
      int[] forged = out.clone();
      forged[6] = (forged[6] + 1) % 512;
      ReplayResult r = e.replay(req, forged);
      assertEquals(PROMPT.length + 6, r.tokenMismatch().orElseThrow().position());
      assertEquals(out[6], r.tokenMismatch().orElseThrow().expectedToken());
      assertFalse(r.matches(e.generate(req).traceRoot()));
    }
  }

  @org.junit.jupiter.api.Test
  void traceComparisonNamesTheFirstDifferingPositionAndBoundaryAndProofsVerify() {
    try (LoadedModel m = LoadedModel.open(TestModels.write(TestModels.tiny(GgmlType.Q8_0), dir));
        InferenceEngine e = InferenceEngine.of(m, 1)) {
      GenerationRequest req = new GenerationRequest(PROMPT, 5, SamplingParams.greedy(), 2, false);
      GenerationResult gen = e.generate(req);
      Trace trace = gen.trace();
      assertEquals(3, trace.layout().boundaries()); // after layers 2 and 4, and the final norm
      java.util.List<byte[]> claimed = new java.util.ArrayList<>(trace.leaves());
      byte[] forged = claimed.get(trace.layout().leafIndex(13, 1));
      forged[0] ^= 1;
      assertEquals(java.util.Optional.of(new Trace.TraceDifference(13, 1)),
          e.replay(req, gen.outputTokens()).trace().firstDifference(claimed));
      int size = trace.leaves().size();
      for (int t = 0; t < trace.positions(); t++) {
        for (int s = 0; s < 3; s++) {
          assertTrue(io.veritas.inference.trace.MerkleTree.verify(gen.traceRoot(), size, trace.layout().leafIndex(t, s),
              trace.leaf(t, s), trace.proof(t, s)));
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void rejectsPromptLongerThanTheContext() {
    try (LoadedModel m = LoadedModel.open(TestModels.write(TestModels.tiny(GgmlType.Q8_0), dir));
        InferenceEngine e = InferenceEngine.of(m, 1)) {
      int[] prompt = new int[150];
      InvalidRequestException ex = assertThrows(InvalidRequestException.class,
          () -> e.generate(new GenerationRequest(prompt, 20, SamplingParams.greedy(), 1, false)));
      assertEquals("prompt of 150 tokens plus 20 tokens to generate exceeds the model's context length 160", ex.getMessage());
    }
  }
}
