package io.veritas.inference.engine;

import io.veritas.inference.TestModels;
import io.veritas.inference.gguf.GgmlType;
import io.veritas.inference.sampling.SamplingParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes the trace roots of a fixed job on the tiny model of every weight type. Run as a main class by
 * {@link VectorWidthIndependenceTest} in child JVMs with narrower vector registers; prints "TYPE root" lines.
 */
public final class TraceRoots {
  private TraceRoots() {}

  static final int[] PROMPT = {1, 260, 270, 280, 290, 300, 310, 320, 330, 340, 350, 17, 18};

  public static Map<GgmlType, String> compute(Path dir) {
    Map<GgmlType, String> roots = new LinkedHashMap<>();
    for (GgmlType type : GgmlType.values()) {
      try (LoadedModel m = LoadedModel.open(TestModels.write(TestModels.tiny(type), dir));
          InferenceEngine e = InferenceEngine.of(m, 2)) {
        GenerationResult r = e.generate(new GenerationRequest(PROMPT, 24, new SamplingParams(11, 0.8f, 0.95f), 1, false));
        roots.put(type, HexFormat.of().formatHex(r.traceRoot()));
      }
    }
    return roots;
  }

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("veritas-trace-roots");
    compute(dir).forEach((type, root) -> System.out.println(type + " " + root));
  }
}
