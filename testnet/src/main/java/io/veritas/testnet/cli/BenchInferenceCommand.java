package io.veritas.testnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.inference.InferenceException;
import io.veritas.inference.modelgen.ModelStore;
import io.veritas.testnet.bench.InferenceBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veritas bench inference}: the Veritas runtime against llama.cpp on the same GGUF file and thread count,
 * in this process, plus the replay-by-prefill speed-up.
 */
@Command(
    name = "inference",
    mixinStandardHelpOptions = true,
    description = "Compare the bit-exact runtime's prefill/decode speed with llama.cpp on the same model and threads.")
public final class BenchInferenceCommand implements Callable<Integer> {
  @Option(names = "--model", description = "'bench', 'default', or a GGUF path (default: ${DEFAULT-VALUE}).", defaultValue = "bench")
  String model;

  @Option(names = "--models-dir", description = "Where generated models are kept (default: ~/.veritas/models or $VERITAS_MODELS).")
  Path modelsDir;

  @Option(names = "--threads", description = "Threads for both runtimes (default: ${DEFAULT-VALUE}).", defaultValue = "2")
  int threads;

  @Option(names = "--tokens", description = "Tokens to decode per run (default: ${DEFAULT-VALUE}).", defaultValue = "64")
  int tokens;

  @Option(names = "--repetitions", description = "Measured runs per runtime; the best is reported (default: ${DEFAULT-VALUE}).",
      defaultValue = "3")
  int repetitions;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try {
      Path path = (modelsDir != null ? new ModelStore(modelsDir) : ModelStore.standard()).resolve(model);
      InferenceBenchmark.Result r = InferenceBenchmark.run(new InferenceBenchmark.Config(path, threads, tokens, repetitions));
      if (json) {
        System.out.println(new ObjectMapper().writeValueAsString(r));
      } else {
        System.out.printf("model %s, %d threads, %d decoded tokens%n", r.modelId(), r.threads(), r.decodeTokens());
        System.out.printf("decode:  veritas %.2f tok/s, llama.cpp %.2f tok/s, ratio %.2f%n",
            r.veritas().decodeTokensPerSecond(), r.llamaCpp().decodeTokensPerSecond(), r.decodeRatio());
        System.out.printf("prefill: veritas %.2f tok/s, llama.cpp %.2f tok/s, ratio %.2f%n",
            r.veritas().prefillTokensPerSecond(), r.llamaCpp().prefillTokensPerSecond(), r.prefillRatio());
        System.out.printf("replay by prefill: %.1f ms vs %.1f ms to generate (%.2fx faster); trace root %s, same every run: %s%n",
            r.replayMillis(), r.generateMillis(), r.replaySpeedup(), r.traceRoot(), r.sameRootEveryRun());
      }
      return 0;
    } catch (InferenceException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
  }
}
