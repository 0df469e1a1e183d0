package io.veritas.testnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.inference.InferenceException;
import io.veritas.inference.engine.GenerationRequest;
import io.veritas.inference.engine.GenerationResult;
import io.veritas.inference.engine.InferenceEngine;
import io.veritas.inference.engine.LoadedModel;
import io.veritas.inference.modelgen.ModelStore;
import io.veritas.inference.sampling.SamplingParams;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code veritas infer}: runs one inference job with the embedded bit-exact runtime and prints the output and its
 * trace root (with {@code --json}, one JSON object that {@code veritas replay --job} accepts).
 */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = "Generate text with the embedded bit-exact inference runtime and print the trace root.")
public final class InferCommand implements Callable<Integer> {
  /** The options that define a job; shared with {@code veritas replay}. */
  static final class JobOptions {
    @Option(names = "--model", description = "'default', 'bench', or a path to a llama GGUF file (default: ${DEFAULT-VALUE}).",
        defaultValue = "default")
    String model;

    @Option(names = "--models-dir", description = "Where generated models are kept (default: ~/.veritas/models or $VERITAS_MODELS).")
    Path modelsDir;

    @Option(names = "--prompt", description = "Prompt text.")
    String prompt;

    @Option(names = "--max-tokens", description = "Most tokens to generate (default: ${DEFAULT-VALUE}).", defaultValue = "32")
    int maxTokens;

    @Option(names = "--seed", description = "Sampling seed (default: ${DEFAULT-VALUE}).", defaultValue = "0")
    long seed;

    @Option(names = "--temperature", description = "0 = greedy (default: ${DEFAULT-VALUE}).", defaultValue = "0.8")
    float temperature;

    @Option(names = "--top-p", description = "Nucleus mass (default: ${DEFAULT-VALUE}).", defaultValue = "0.95")
    float topP;

    @Option(names = "--trace-stride", description = "A trace boundary after every N layers (default: ${DEFAULT-VALUE}).",
        defaultValue = "1")
    int traceStride;

    @Option(names = "--threads", description = "Compute threads (default: all processors).")
    Integer threads;

    Path modelPath() {
      ModelStore store = modelsDir != null ? new ModelStore(modelsDir) : ModelStore.standard();
      return store.resolve(model);
    }

    int threadCount() {
      return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }

    GenerationRequest request(int[] promptTokens) {
      return new GenerationRequest(promptTokens, maxTokens, new SamplingParams(seed, temperature, topP), traceStride, true);
    }
  }

  @Mixin JobOptions job = new JobOptions();

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(names = "--leaves", description = "With --json, include every trace leaf (hex, in (position, boundary) order).")
  boolean leaves;

  @Override
  public Integer call() {
    if (job.prompt == null) {
      System.err.println("error: --prompt is required");
      return 1;
    }
    try (LoadedModel model = LoadedModel.open(job.modelPath());
        InferenceEngine engine = InferenceEngine.of(model, job.threadCount())) {
      int[] promptTokens = model.tokenizer().encodePrompt(job.prompt);
      GenerationRequest request = job.request(promptTokens);
      GenerationResult result = engine.generate(request);
      int[] out = result.outputTokens();
      String text = model.tokenizer().decode(out);
      String root = HexFormat.of().formatHex(result.traceRoot());
      double tokensPerSecond = out.length / (result.decodeNanos() / 1e9);
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("modelId", model.modelId());
        o.put("model", job.model);
        o.put("prompt", job.prompt);
        ArrayNode pt = o.putArray("promptTokens");
        for (int t : promptTokens) {
          pt.add(t);
        }
        ArrayNode tokens = o.putArray("tokens");
        for (int t : out) {
          tokens.add(t);
        }
        o.put("text", text);
        o.put("traceRoot", root);
        o.put("maxTokens", job.maxTokens);
        o.put("seed", job.seed);
        o.put("temperature", job.temperature);
        o.put("topP", job.topP);
        o.put("traceStride", job.traceStride);
        o.put("tokensPerSecond", Math.round(tokensPerSecond * 100) / 100.0);
        o.put("prefillTokensPerSecond", Math.round(promptTokens.length / (result.prefillNanos() / 1e9) * 100) / 100.0);
        o.put("threads", engine.threads());
        if (leaves) {
          ArrayNode l = o.putArray("leaves");
          for (byte[] leaf : result.trace().leaves()) {
            l.add(HexFormat.of().formatHex(leaf));
          }
        }
        System.out.println(o.toString());
      } else {
        System.out.println(text);
        System.out.printf("model %s, %d prompt tokens, %d generated, %.2f tokens/s%n", model.modelId(), promptTokens.length,
            out.length, tokensPerSecond);
        System.out.println("trace root " + root);
      }
      return 0;
    } catch (InferenceException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
