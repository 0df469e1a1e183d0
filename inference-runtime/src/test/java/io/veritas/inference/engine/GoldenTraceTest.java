package io.veritas.inference.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.inference.modelgen.ModelStore;
import io.veritas.inference.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default model and a fixed job give a fixed trace root: any change to the generator, the arithmetic, the
 * tokenizer, the sampler or the trace format changes one of these values and must be deliberate.
 */
class GoldenTraceTest {
  static final String PROMPT = "The quick brown fox jumps over the lazy dog.";

  @Test
  void defaultModelJobHasTheGoldenTraceRoot(@TempDir Path dir) {
    Path path = new ModelStore(dir).resolve("default");
    try (LoadedModel m = LoadedModel.open(path); InferenceEngine e = InferenceEngine.of(m, 2)) {
      assertEquals("891782f22d39a4ab43295915366a2d4ddb01492246a4480bfd72047663d22d25", m.modelId());
      int[] prompt = m.tokenizer().encodePrompt(PROMPT);
      GenerationRequest req = GenerationRequest.of(prompt, 16, new SamplingParams(42, 0.8f, 0.95f));
      GenerationResult r = e.generate(req);
      assertEquals("[1, 399, 592, 370, 934, 468, 1125, 792, 337, 359, 793, 1336, 733, 342, 1467, 527, 373, 592, 365, 2432, 357, 776, 273]", java.util.Arrays.toString(prompt));
      assertEquals("[2544, 498, 3986, 1765, 2988, 635, 1506, 2816, 1020, 2483, 896, 2629, 309, 3989, 2988, 41]", java.util.Arrays.toString(r.outputTokens()));
      assertEquals("94fb849d115a941346120df08025d0078a2083303dee7a1f4f3f52cd07926462", HexFormat.of().formatHex(r.traceRoot()));
      assertArrayEquals(r.traceRoot(), e.replay(req, r.outputTokens()).traceRoot());
    }
  }
}
