package io.veritas.testnet.bench;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import io.veritas.inference.engine.GenerationRequest;
import io.veritas.inference.engine.GenerationResult;
import io.veritas.inference.engine.InferenceEngine;
import io.veritas.inference.engine.LoadedModel;
import io.veritas.inference.engine.ReplayResult;
import io.veritas.inference.sampling.SamplingParams;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the Veritas runtime against llama.cpp (through de.kherud:llama, in this process) on the same GGUF file
 * and thread count: prompt processing and decode tokens/s, greedy, EOS ignored; and how much faster replaying a
 * job by one prefill pass is than generating it. Runs alternate between the two engines so a busy machine slows
 * both alike; the best of the repetitions is reported for each.
 */
public final class InferenceBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(InferenceBenchmark.class);

  /** A fixed English prompt; both runtimes tokenize it with the file's vocabulary. */
  public static final String PROMPT = "The history of computing is a story of people who wanted to calculate faster "
      + "and more reliably than by hand, from the abacus to mechanical calculators and the first electronic machines.";

  /** What to run. */
  public record Config(Path model, int threads, int decodeTokens, int repetitions) {
    public Config {
      if (threads < 1 || decodeTokens < 2 || repetitions < 1) {
        throw new IllegalArgumentException("threads >= 1, decode tokens >= 2 and repetitions >= 1 are required");
      }
    }
  }

  /** Tokens per second of one engine. */
  public record Speed(int promptTokens, double prefillTokensPerSecond, double decodeTokensPerSecond) {}

  /** Lowest and highest value over the repetitions. */
  public record Range(double min, double max) {
    static Range of(double v) {
      return new Range(round(v), round(v));
    }

    Range with(double v) {
      return new Range(Math.min(min, round(v)), Math.max(max, round(v)));
    }
  }

  /**
   * The figures. {@code replaySpeedup} = time to generate a job / time to replay it. The ratios and speed-up are of the
   * best runs; the ranges pair each repetition's own runs (both engines run back to back, so a busy machine slows
   * both alike). {@code loadAverage} is the one-minute load average before and after the measured runs.
   */
  public record Result(String modelId, int threads, int decodeTokens, Speed veritas, Speed llamaCpp, double decodeRatio,
      double prefillRatio, double generateMillis, double replayMillis, double replaySpeedup, String traceRoot,
      boolean sameRootEveryRun, Range decodeRatioPerRepetition, Range replaySpeedupPerRepetition, Range loadAverage) {}

  private InferenceBenchmark() {}

  public static Result run(Config config) {
    ModelParameters mp = new ModelParameters().setModel(config.model().toString()).setThreads(config.threads())
        .setThreadsBatch(config.threads()).setGpuLayers(0);
    try (LoadedModel model = LoadedModel.open(config.model());
        InferenceEngine engine = InferenceEngine.of(model, config.threads());
        de.kherud.llama.LlamaModel llama = openQuietly(mp.setCtxSize(model.model().config().contextLength()))) {
      int[] prompt = model.tokenizer().encodePrompt(PROMPT);
      GenerationRequest job = new GenerationRequest(prompt, config.decodeTokens(), SamplingParams.greedy(), 1, false);
      // Warm-up: JIT compilation of our kernels, page-in of the mapped file for both.
      engine.generate(new GenerationRequest(prompt, 8, SamplingParams.greedy(), 1, false));
      engine.replay(job, engine.generate(job).outputTokens());
      llamaRun(llama, config.decodeTokens());

      Speed bestOurs = null;
      Speed bestLlama = null;
      double bestGenerate = Double.MAX_VALUE;
      double bestReplay = Double.MAX_VALUE;
      Set<String> roots = new LinkedHashSet<>();
      Range decodeRatios = null;
      Range speedups = null;
      Range load = Range.of(loadAverage());
      for (int rep = 0; rep < config.repetitions(); rep++) {
        GenerationResult r = engine.generate(job);
        roots.add(HexFormat.of().formatHex(r.traceRoot()));
        Speed ours = new Speed(prompt.length, prompt.length / (r.prefillNanos() / 1e9),
            r.outputTokens().length / (r.decodeNanos() / 1e9));
        ReplayResult replay = engine.replay(job, r.outputTokens());
        if (!replay.matches(r.traceRoot())) {
          throw new IllegalStateException("replay of the benchmark job does not reproduce its trace root");
        }
        double generateMillis = (r.prefillNanos() + r.decodeNanos()) / 1e6;
        bestGenerate = Math.min(bestGenerate, generateMillis);
        bestReplay = Math.min(bestReplay, replay.nanos() / 1e6);
        Speed theirs = llamaRun(llama, config.decodeTokens());
        double decodeRatio = ours.decodeTokensPerSecond() / theirs.decodeTokensPerSecond();
        double speedup = generateMillis / (replay.nanos() / 1e6);
        decodeRatios = decodeRatios == null ? Range.of(decodeRatio) : decodeRatios.with(decodeRatio);
        speedups = speedups == null ? Range.of(speedup) : speedups.with(speedup);
        LOG.info("repetition {}: veritas decode {} tok/s prefill {} tok/s, llama.cpp decode {} tok/s prefill {} tok/s, "
            + "decode ratio {}, replay speed-up {}", rep, round(ours.decodeTokensPerSecond()),
            round(ours.prefillTokensPerSecond()), round(theirs.decodeTokensPerSecond()),
            round(theirs.prefillTokensPerSecond()), round(decodeRatio), round(speedup));
        bestOurs = better(bestOurs, ours);
        bestLlama = better(bestLlama, theirs);
      }
      return new Result(model.modelId(), config.threads(), config.decodeTokens(), bestOurs, bestLlama,
          round(bestOurs.decodeTokensPerSecond() / bestLlama.decodeTokensPerSecond()),
          round(bestOurs.prefillTokensPerSecond() / bestLlama.prefillTokensPerSecond()), round(bestGenerate),
          round(bestReplay), round(bestGenerate / bestReplay), roots.iterator().next(), roots.size() == 1, decodeRatios,
          speedups, load.with(loadAverage()));
    }
  }

  /** The one-minute system load average, or -1 where the platform does not report one. */
  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** de.kherud:llama prints where it extracted its native library on stdout; keep stdout for our figures. */
  private static de.kherud.llama.LlamaModel openQuietly(ModelParameters parameters) {
    java.io.PrintStream out = System.out;
    System.setOut(System.err);
    try {
      de.kherud.llama.LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> { });
      return new de.kherud.llama.LlamaModel(parameters);
    } finally {
      System.setOut(out);
    }
  }

  private static Speed better(Speed best, Speed s) {
    if (best == null) {
      return s;
    }
    return new Speed(s.promptTokens(), Math.max(best.prefillTokensPerSecond(), s.prefillTokensPerSecond()),
        Math.max(best.decodeTokensPerSecond(), s.decodeTokensPerSecond()));
  }

  /** One greedy llama.cpp generation: prefill speed from the first token's latency, decode from the rest. */
  private static Speed llamaRun(de.kherud.llama.LlamaModel llama, int tokens) {
    int promptTokens = llama.encode(PROMPT).length + 1; // + BOS, which llama.cpp adds for this vocabulary
    InferenceParameters ip = new InferenceParameters(PROMPT).setNPredict(tokens).setTemperature(0f).setIgnoreEos(true)
        .setCachePrompt(false);
    long start = System.nanoTime();
    long first = 0;
    int n = 0;
    for (LlamaOutput ignored : llama.generate(ip)) {
      if (n == 0) {
        first = System.nanoTime();
      }
      n++;
    }
    long end = System.nanoTime();
    return new Speed(promptTokens, promptTokens / ((first - start) / 1e9), (n - 1) / ((end - first) / 1e9));
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
