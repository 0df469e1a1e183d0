package io.veritas.inference.engine;

import io.veritas.inference.engine.ReplayResult.TokenMismatch;
import io.veritas.inference.llama.KvCache;
import io.veritas.inference.llama.LlamaConfig;
import io.veritas.inference.llama.LlamaModel;
import io.veritas.inference.llama.LlamaRunner;
import io.veritas.inference.sampling.Sampler;
import io.veritas.inference.trace.TraceLayout;
import io.veritas.inference.trace.TraceLeaf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Generates, replays and runs stages of jobs on one model with a fixed number of threads. Every path computes each
 * position with the same arithmetic, so generation (prefill of the prompt, then one position at a time), replay (one
 * prefill over prompt + output) and stage-by-stage execution give the same hidden-state bits and trace root.
 * Methods are synchronized: one job at a time per engine.
 */
public final class InferenceEngine implements AutoCloseable {
  private final LlamaModel model;
  private final LlamaConfig c;
  private final OptionalInt eos;
  private final LlamaRunner runner;
  private final TraceLeaf leafHasher;
  private final float[] x;
  private final float[] normed;
  private final float[] logits;

  public InferenceEngine(LlamaModel model, OptionalInt eos, int threads) {
    this.model = model;
    this.c = model.config();
    this.eos = eos;
    this.runner = new LlamaRunner(model, threads);
    this.leafHasher = new TraceLeaf(c.dim());
    this.x = new float[LlamaRunner.CHUNK * c.dim()];
    this.normed = new float[LlamaRunner.CHUNK * c.dim()];
    this.logits = new float[LlamaRunner.CHUNK * c.vocabSize()];
  }

  public static InferenceEngine of(LoadedModel loaded, int threads) {
    return new InferenceEngine(loaded.model(), loaded.tokenizer().eos(), threads);
  }

  public LlamaModel model() {
    return model;
  }

  public int threads() {
    return runner.threads();
  }

  /** Runs a job: prefill of the prompt, then one position per generated token. */
  public synchronized GenerationResult generate(GenerationRequest request) {
    int[] prompt = request.promptTokens();
    int capacity = checkFits(prompt.length, request.maxTokens());
    TraceLayout layout = new TraceLayout(c.layers(), request.traceStride());
    Sampler sampler = new Sampler(request.sampling());
    KvCache cache = new KvCache(c, capacity);
    int[] tokens = Arrays.copyOf(prompt, capacity);
    byte[][] leaves = new byte[capacity * layout.boundaries()][];

    long start = System.nanoTime();
    int p = prompt.length;
    for (int pos = 0; pos < p; pos += LlamaRunner.CHUNK) {
      int n = Math.min(LlamaRunner.CHUNK, p - pos);
      forward(tokens, pos, n, cache, layout, leaves, pos + n == p ? n - 1 : n, n);
    }
    long prefillEnd = System.nanoTime();
    int produced = 0;
    int next = sampler.sample(logits, 0, c.vocabSize(), p);
    while (true) {
      int position = p + produced;
      tokens[position] = next;
      produced++;
      boolean last = produced == request.maxTokens() || (request.stopAtEos() && isEos(next));
      // The last token is still run through the model so the trace covers every position of prompt + output.
      forward(tokens, position, 1, cache, layout, leaves, last ? 1 : 0, 1);
      if (last) {
        break;
      }
      next = sampler.sample(logits, 0, c.vocabSize(), position + 1);
    }
    long end = System.nanoTime();
    int total = p + produced;
    Trace trace = new Trace(layout, Arrays.asList(leaves).subList(0, total * layout.boundaries()));
    return new GenerationResult(Arrays.copyOfRange(tokens, p, total), trace, prefillEnd - start, end - prefillEnd);
  }

  /**
   * Replays a job from its prompt and claimed output in one prefill pass: recomputes every leaf and the root and
   * checks that each output token is the sampler's choice and that generation would have stopped where the output
   * ends.
   */
  public synchronized ReplayResult replay(GenerationRequest request, int[] outputTokens) {
    long start = System.nanoTime();
    int[] prompt = request.promptTokens();
    if (outputTokens.length == 0) {
      throw new InvalidRequestException("the claimed output is empty; a job produces at least one token");
    }
    if (outputTokens.length > request.maxTokens()) {
      throw new InvalidRequestException("the claimed output has " + outputTokens.length + " tokens, more than maxTokens "
          + request.maxTokens());
    }
    int p = prompt.length;
    int total = p + outputTokens.length;
    checkFits(p, outputTokens.length);
    int[] tokens = Arrays.copyOf(prompt, total);
    System.arraycopy(outputTokens, 0, tokens, p, outputTokens.length);
    for (int i = 0; i < total; i++) {
      if (tokens[i] < 0 || tokens[i] >= c.vocabSize()) {
        throw new InvalidRequestException("token id " + tokens[i] + " at position " + i + " is outside the vocabulary 0.."
            + (c.vocabSize() - 1));
      }
    }
    TraceLayout layout = new TraceLayout(c.layers(), request.traceStride());
    Sampler sampler = new Sampler(request.sampling());
    KvCache cache = new KvCache(c, total);
    byte[][] leaves = new byte[total * layout.boundaries()][];
    TokenMismatch mismatch = null;
    for (int pos = 0; pos < total; pos += LlamaRunner.CHUNK) {
      int n = Math.min(LlamaRunner.CHUNK, total - pos);
      // Logits are needed where the next token was sampled: positions p-1 .. total-2.
      int from = Math.max(pos, p - 1) - pos;
      int to = Math.max(from, Math.min(pos + n, total - 1) - pos);
      forward(tokens, pos, n, cache, layout, leaves, from, to);
      for (int i = from; i < to && mismatch == null; i++) {
        int sampledAt = pos + i + 1;
        int expected = sampler.sample(logits, (i - from) * c.vocabSize(), c.vocabSize(), sampledAt);
        if (expected != tokens[sampledAt]) {
          mismatch = new TokenMismatch(sampledAt, tokens[sampledAt], expected, "the sampler chooses another token");
        }
      }
    }
    if (mismatch == null) {
      mismatch = stopMismatch(request, tokens, p).orElse(null);
    }
    Trace trace = new Trace(layout, Arrays.asList(leaves));
    return new ReplayResult(trace, Optional.ofNullable(mismatch), System.nanoTime() - start);
  }

  private Optional<TokenMismatch> stopMismatch(GenerationRequest request, int[] tokens, int p) {
    int total = tokens.length;
    if (request.stopAtEos()) {
      for (int t = p; t < total - 1; t++) {
        if (isEos(tokens[t])) {
          return Optional.of(new TokenMismatch(t + 1, tokens[t + 1], -1, "generation stops after the end-of-sequence token"));
        }
      }
    }
    boolean endsAtEos = request.stopAtEos() && isEos(tokens[total - 1]);
    if (total - p < request.maxTokens() && !endsAtEos) {
      return Optional.of(new TokenMismatch(total, -1, -1, "the output ends after " + (total - p)
          + " tokens without end-of-sequence, before maxTokens " + request.maxTokens()));
    }
    return Optional.empty();
  }

  /**
   * Runs layers {@code [firstLayer, endLayer)} alone on the given input hidden states of positions
   * {@code 0 .. positions-1} (the residual stream after layer {@code firstLayer - 1}, or the embeddings). Returns
   * the output hidden states and the leaves of the trace boundaries inside the stage (the final-norm boundary too
   * when the stage ends at the last layer).
   */
  public synchronized StageResult runStage(int firstLayer, int endLayer, float[] inputHidden, int positions, int traceStride) {
    if (inputHidden.length != positions * c.dim()) {
      throw new InvalidRequestException("stage input holds " + inputHidden.length + " floats, expected " + positions
          + " positions x " + c.dim());
    }
    checkFits(positions, 0);
    TraceLayout layout = new TraceLayout(c.layers(), traceStride);
    float[] hidden = inputHidden.clone();
    KvCache cache = new KvCache(c, Math.max(1, positions));
    List<StageResult.StageLeaf> leaves = new ArrayList<>();
    runner.runLayers(firstLayer, endLayer, hidden, positions, 0, cache, (done, pos0, n, h) -> {
      int s = layout.boundaryAfterLayers(done);
      if (s >= 0) {
        for (int i = 0; i < n; i++) {
          leaves.add(new StageResult.StageLeaf(pos0 + i, s, leafHasher.hash(pos0 + i, s, h, i * c.dim())));
        }
      }
    });
    if (endLayer == c.layers()) {
      float[] out = new float[positions * c.dim()];
      runner.finalNorm(hidden, positions, out);
      int s = layout.finalNormBoundary();
      for (int t = 0; t < positions; t++) {
        leaves.add(new StageResult.StageLeaf(t, s, leafHasher.hash(t, s, out, t * c.dim())));
      }
    }
    leaves.sort(java.util.Comparator.comparingInt(StageResult.StageLeaf::position).thenComparingInt(StageResult.StageLeaf::boundary));
    return new StageResult(hidden, leaves);
  }

  /** The token embeddings of {@code tokens} ({@code tokens.length * dim} floats): the input of the first stage. */
  public synchronized float[] embeddings(int[] tokens) {
    float[] out = new float[tokens.length * c.dim()];
    runner.embed(tokens, 0, tokens.length, out);
    return out;
  }

  /**
   * One chunk of positions through the whole model: embeddings, layers (recording trace leaves), final norm, and
   * logits of chunk positions {@code [logitsFrom, logitsTo)} into {@link #logits} (row 0 = position logitsFrom).
   */
  private void forward(int[] tokens, int pos0, int n, KvCache cache, TraceLayout layout, byte[][] leaves, int logitsFrom,
      int logitsTo) {
    runner.embed(tokens, pos0, n, x);
    runner.runLayers(0, c.layers(), x, n, pos0, cache, (done, start, m, hidden) -> {
      int s = layout.boundaryAfterLayers(done);
      if (s >= 0) {
        for (int i = 0; i < m; i++) {
          leaves[layout.leafIndex(start + i, s)] = leafHasher.hash(start + i, s, hidden, i * c.dim());
        }
      }
    });
    runner.finalNorm(x, n, normed);
    int s = layout.finalNormBoundary();
    for (int i = 0; i < n; i++) {
      leaves[layout.leafIndex(pos0 + i, s)] = leafHasher.hash(pos0 + i, s, normed, i * c.dim());
    }
    if (logitsTo > logitsFrom) {
      float[] in = logitsFrom == 0 ? normed : Arrays.copyOfRange(normed, logitsFrom * c.dim(), logitsTo * c.dim());
      runner.logits(in, logitsTo - logitsFrom, logits);
    }
  }

  private boolean isEos(int token) {
    return eos.isPresent() && eos.getAsInt() == token;
  }

  private int checkFits(int promptLength, int maxTokens) {
    long needed = (long) promptLength + maxTokens;
    if (needed > c.contextLength()) {
      throw new InvalidRequestException("prompt of " + promptLength + " tokens plus " + maxTokens
          + " tokens to generate exceeds the model's context length " + c.contextLength());
    }
    return (int) needed;
  }

  @Override
  public void close() {
    runner.close();
  }
}
