package io.veritas.inference.llama;

import io.veritas.inference.kernel.Kernels;
import io.veritas.inference.kernel.RowParallel;
import io.veritas.inference.kernel.WeightMatrix;

/**
 * Runs the Llama forward pass over a batch of consecutive positions. One position (decode) and many positions
 * (prefill) go through exactly the same per-position arithmetic: every output element is one canonical dot
 * product of a weight row and that position's input, and attention of a position reads the KV cache of positions
 * up to and including its own. So the bits do not depend on the batch size, the chunking, or the thread count.
 *
 * <p>Not thread-safe: one runner per concurrent job. Its work buffers are reused, so the decode loop does not
 * allocate.
 */
public final class LlamaRunner implements AutoCloseable {
  /** Positions processed together; bounds the work buffers. The result does not depend on it. */
  public static final int CHUNK = 64;

  /** Called after a layer with the hidden states of positions {@code pos0 .. pos0+n-1} ({@code n * dim} floats). */
  @FunctionalInterface
  public interface LayerListener {
    void afterLayer(int layersDone, int pos0, int n, float[] hidden);
  }

  private final LlamaConfig c;
  private final LlamaWeights w;
  private final Kernels k;
  private final RowParallel pool;
  private final float attentionScale;
  private final double[] ropeInverseFrequency;

  private final float[] xs;
  private final float[] xb;
  private final float[] q;
  private final float[] kv;
  private final float[] att;
  private final float[] gate;
  private final float[] up;
  private final float[] tmp;
  private final float[] ropeCos;
  private final float[] ropeSin;
  private final float[][] rowScratch;
  private final float[][] scores;

  public LlamaRunner(LlamaModel model, int threads) {
    this.c = model.config();
    this.w = model.weights();
    this.k = model.kernels();
    this.pool = new RowParallel(threads);
    // 1/sqrt(head_dim), rounded once to float.
    this.attentionScale = (float) (1.0 / StrictMath.sqrt(c.headDim()));
    this.ropeInverseFrequency = new double[c.ropeDim() / 2];
    for (int i = 0; i < ropeInverseFrequency.length; i++) {
      // θ_i = base^(-2i/d), as in the RoPE paper; StrictMath so every JVM gets the same double.
      ropeInverseFrequency[i] = 1.0 / StrictMath.pow(c.ropeBase(), (2.0 * i) / c.ropeDim());
    }
    int maxCols = Math.max(c.dim(), c.ffnDim());
    xs = new float[CHUNK * c.dim()];
    xb = new float[CHUNK * c.dim()];
    q = new float[CHUNK * c.dim()];
    kv = new float[2 * CHUNK * c.kvDim()];
    att = new float[CHUNK * c.dim()];
    gate = new float[CHUNK * c.ffnDim()];
    up = new float[CHUNK * c.ffnDim()];
    tmp = new float[CHUNK * c.dim()];
    ropeCos = new float[CHUNK * c.ropeDim() / 2];
    ropeSin = new float[CHUNK * c.ropeDim() / 2];
    rowScratch = new float[threads][maxCols];
    scores = new float[threads][c.contextLength()];
  }

  public LlamaConfig config() {
    return c;
  }

  public int threads() {
    return pool.threads();
  }

  /** Writes the embedding of {@code tokens[from .. from+n)} to {@code out[0 .. n*dim)} (exact dequantization). */
  public void embed(int[] tokens, int from, int n, float[] out) {
    for (int p = 0; p < n; p++) {
      int token = tokens[from + p];
      if (token < 0 || token >= c.vocabSize()) {
        throw new IllegalArgumentException("token id " + token + " at position " + (from + p)
            + " is outside the vocabulary 0.." + (c.vocabSize() - 1));
      }
      w.tokenEmbedding().dequantizeRow(token, out, p * c.dim());
    }
  }

  /**
   * Runs layers {@code [firstLayer, endLayer)} on the hidden states {@code x} of positions
   * {@code pos0 .. pos0+n-1} in place. The KV cache must hold those layers' keys and values of positions before
   * {@code pos0}; this call adds the ones of the given positions.
   */
  public void runLayers(int firstLayer, int endLayer, float[] x, int n, int pos0, KvCache cache, LayerListener listener) {
    if (firstLayer < 0 || endLayer > c.layers() || firstLayer > endLayer) {
      throw new IllegalArgumentException("layer range [" + firstLayer + ", " + endLayer + ") outside [0, " + c.layers() + "]");
    }
    if (pos0 < 0 || n < 0 || pos0 + n > cache.capacity()) {
      throw new IllegalArgumentException("positions " + pos0 + ".." + (pos0 + n - 1) + " exceed the KV cache capacity "
          + cache.capacity());
    }
    for (int done = 0; done < n; done += CHUNK) {
      int m = Math.min(CHUNK, n - done);
      int start = pos0 + done;
      System.arraycopy(x, done * c.dim(), xs, 0, m * c.dim());
      computeRope(start, m);
      for (int l = firstLayer; l < endLayer; l++) {
        layer(l, m, start, cache);
        if (listener != null) {
          listener.afterLayer(l + 1, start, m, xs);
        }
      }
      System.arraycopy(xs, 0, x, done * c.dim(), m * c.dim());
    }
  }

  /** Final RMSNorm of {@code n} hidden states into {@code out}. */
  public void finalNorm(float[] x, int n, float[] out) {
    for (int p = 0; p < n; p++) {
      rmsNorm(x, p * c.dim(), w.outputNorm(), out, p * c.dim());
    }
  }

  /** Output head: {@code out[p*vocab + v]} = logit of token v after normalised hidden state p. */
  public void logits(float[] normed, int n, float[] out) {
    WeightMatrix head = w.output();
    int vocab = c.vocabSize();
    for (int done = 0; done < n; done += CHUNK) {
      int m = Math.min(CHUNK, n - done);
      int xOff = done * c.dim();
      int oOff = done * vocab;
      float[] in = xOff == 0 ? normed : java.util.Arrays.copyOfRange(normed, xOff, xOff + m * c.dim());
      pool.forEach(vocab, (start, end, worker) ->
          k.matmul(head, start, end, in, c.dim(), m, out, oOff, vocab, rowScratch[worker]));
    }
  }

  private void layer(int l, int n, int pos0, KvCache cache) {
    LlamaWeights.Layer lw = w.layers().get(l);
    int dim = c.dim();
    int kvDim = c.kvDim();
    for (int p = 0; p < n; p++) {
      rmsNorm(xs, p * dim, lw.attnNorm(), xb, p * dim);
    }
    // Q, K, V projections: one task over all their output rows.
    pool.forEach(dim + 2 * kvDim, (start, end, worker) -> {
      float[] s = rowScratch[worker];
      // The item range covers Q rows [0, dim), then K rows, then V rows; each matrix gets its part of it.
      if (start < dim) {
        k.matmul(lw.wq(), start, Math.min(end, dim), xb, dim, n, q, 0, dim, s);
      }
      if (end > dim && start < dim + kvDim) {
        k.matmul(lw.wk(), Math.max(start, dim) - dim, Math.min(end, dim + kvDim) - dim, xb, dim, n, kv, 0, kvDim, s);
      }
      if (end > dim + kvDim) {
        k.matmul(lw.wv(), Math.max(start, dim + kvDim) - dim - kvDim, end - dim - kvDim, xb, dim, n, kv, n * kvDim, kvDim, s);
      }
    });
    for (int p = 0; p < n; p++) {
      rope(q, p * dim, c.heads(), p);
      rope(kv, p * kvDim, c.kvHeads(), p);
    }
    float[] keys = cache.keys(l);
    float[] values = cache.values(l);
    System.arraycopy(kv, 0, keys, pos0 * kvDim, n * kvDim);
    System.arraycopy(kv, n * kvDim, values, pos0 * kvDim, n * kvDim);

    pool.forEach(n * c.heads(), (start, end, worker) -> {
      for (int i = start; i < end; i++) {
        attention(keys, values, i / c.heads(), i % c.heads(), pos0, scores[worker]);
      }
    });
    // Output projection and residual: x += Wo·att.
    pool.forEach(dim, (start, end, worker) -> {
      k.matmul(lw.wo(), start, end, att, dim, n, tmp, 0, dim, rowScratch[worker]);
      addRows(tmp, start, end, n, dim);
    });

    for (int p = 0; p < n; p++) {
      rmsNorm(xs, p * dim, lw.ffnNorm(), xb, p * dim);
    }
    int ffn = c.ffnDim();
    // SwiGLU: h = silu(W_gate·x) ⊙ (W_up·x), row by row.
    pool.forEach(ffn, (start, end, worker) -> {
      float[] s = rowScratch[worker];
      k.matmul(lw.wGate(), start, end, xb, dim, n, gate, 0, ffn, s);
      k.matmul(lw.wUp(), start, end, xb, dim, n, up, 0, ffn, s);
      for (int p = 0; p < n; p++) {
        for (int i = p * ffn + start, e = p * ffn + end; i < e; i++) {
          gate[i] = silu(gate[i]) * up[i];
        }
      }
    });
    // Down projection and residual: x += W_down·h.
    pool.forEach(dim, (start, end, worker) -> {
      k.matmul(lw.wDown(), start, end, gate, ffn, n, tmp, 0, dim, rowScratch[worker]);
      addRows(tmp, start, end, n, dim);
    });
  }

  /** Residual: {@code xs[p*dim + r] += delta[p*dim + r]} for rows {@code [start, end)} of {@code n} positions. */
  private void addRows(float[] delta, int start, int end, int n, int dim) {
    for (int p = 0; p < n; p++) {
      for (int i = p * dim + start, e = p * dim + end; i < e; i++) {
        xs[i] += delta[i];
      }
    }
  }

  /** Causal softmax attention of position pos0+p, head h, over the cached positions 0..pos0+p. */
  private void attention(float[] keys, float[] values, int p, int h, int pos0, float[] score) {
    int headDim = c.headDim();
    int kvDim = c.kvDim();
    int group = h / (c.heads() / c.kvHeads()); // grouped-query attention: heads share a KV head
    int qOff = p * c.dim() + h * headDim;
    int last = pos0 + p;
    float max = Float.NEGATIVE_INFINITY;
    for (int t = 0; t <= last; t++) {
      score[t] = k.dot(q, qOff, keys, t * kvDim + group * headDim, headDim) * attentionScale;
      max = Math.max(max, score[t]);
    }
    float sum = 0f;
    for (int t = 0; t <= last; t++) {
      score[t] = (float) StrictMath.exp(score[t] - max);
      sum += score[t];
    }
    float inv = 1f / sum;
    java.util.Arrays.fill(att, qOff, qOff + headDim, 0f);
    for (int t = 0; t <= last; t++) {
      k.axpy(score[t] * inv, values, t * kvDim + group * headDim, att, qOff, headDim);
    }
  }

  /** RMSNorm: out = x / sqrt(mean(x²) + eps) ⊙ weight, the sum of squares being the canonical dot. */
  private void rmsNorm(float[] x, int off, float[] weight, float[] out, int outOff) {
    int dim = c.dim();
    float mean = k.dot(x, off, x, off, dim) / dim;
    float inv = 1f / (float) Math.sqrt(mean + c.rmsEps());
    for (int i = 0; i < dim; i++) {
      out[outOff + i] = (x[off + i] * inv) * weight[i];
    }
  }

  private void computeRope(int pos0, int n) {
    int half = c.ropeDim() / 2;
    for (int p = 0; p < n; p++) {
      for (int i = 0; i < half; i++) {
        double angle = (pos0 + p) * ropeInverseFrequency[i];
        ropeCos[p * half + i] = (float) StrictMath.cos(angle);
        ropeSin[p * half + i] = (float) StrictMath.sin(angle);
      }
    }
  }

  /**
   * RoPE in GGUF's layout for llama (ggml "normal" mode): within each head, the pairs (2i, 2i+1) for
   * i &lt; ropeDim/2 are rotated by angle pos·θ_i. (The HF-to-GGUF converter permutes W_q and W_k rows so
   * that this equals HF's rotate-half form.)
   */
  private void rope(float[] v, int off, int headCount, int p) {
    rotatePairs(v, off, headCount, c.headDim(), c.ropeDim() / 2, ropeCos, ropeSin, p * (c.ropeDim() / 2));
  }

  /** Rotates pairs (2i, 2i+1), i &lt; half, of each of {@code headCount} heads by (cos[trig+i], sin[trig+i]). */
  static void rotatePairs(float[] v, int off, int headCount, int headDim, int half, float[] cos, float[] sin, int trig) {
    for (int h = 0; h < headCount; h++) {
      int base = off + h * headDim;
      for (int i = 0; i < half; i++) {
        float cs = cos[trig + i];
        float sn = sin[trig + i];
        float x0 = v[base + 2 * i];
        float x1 = v[base + 2 * i + 1];
        v[base + 2 * i] = x0 * cs - x1 * sn;
        v[base + 2 * i + 1] = x0 * sn + x1 * cs;
      }
    }
  }

  /** SiLU(x) = x / (1 + e^(-x)), with StrictMath's exp so every JVM gets the same bits. */
  static float silu(float x) {
    return x / (1f + (float) StrictMath.exp(-x));
  }

  @Override
  public void close() {
    pool.close();
  }
}
