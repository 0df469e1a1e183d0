package io.veritas.inference.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * GGUF's Q/K layout: llama.cpp's HF converter permutes the rows of W_q and W_k (per head, row j·d/2 + i moves to
 * 2i + j) so that ggml's "normal" RoPE on adjacent pairs equals HF's rotate-half RoPE. A generated HF-layout matrix,
 * permuted the same way, must give exactly the HF result, permuted.
 */
class RopeLayoutTest {
  @Test
  void adjacentPairRopeOnPermutedWeightsEqualsRotateHalfOnHfWeights() {
    int heads = 3;
    int d = 8;
    int half = d / 2;
    int cols = 16;
    SplittableRandom r = new SplittableRandom(5);
    float[][] hf = new float[heads * d][cols];
    for (float[] row : hf) {
      for (int c = 0; c < cols; c++) {
        row[c] = (float) r.nextDouble(-1, 1);
      }
    }
    // The converter's permute: reshape(n_head, 2, d/2, cols).swapaxes(1, 2).
    float[][] gguf = new float[heads * d][];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < half; i++) {
        for (int j = 0; j < 2; j++) {
          gguf[h * d + 2 * i + j] = hf[h * d + j * half + i];
        }
      }
    }
    float[] x = new float[cols];
    for (int c = 0; c < cols; c++) {
      x[c] = (float) r.nextDouble(-1, 1);
    }
    float[] cos = new float[half];
    float[] sin = new float[half];
    int pos = 7;
    for (int i = 0; i < half; i++) {
      double angle = pos / StrictMath.pow(10000, 2.0 * i / d);
      cos[i] = (float) StrictMath.cos(angle);
      sin[i] = (float) StrictMath.sin(angle);
    }
    float[] qHf = matVec(hf, x);
    float[] qGguf = matVec(gguf, x);
    // HF: q·cos + rotate_half(q)·sin, rotate_half(q) = (-q[d/2:], q[:d/2]).
    float[] expected = new float[heads * d];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < half; i++) {
        float a = qHf[h * d + i];
        float b = qHf[h * d + half + i];
        expected[h * d + i] = a * cos[i] - b * sin[i];
        expected[h * d + half + i] = b * cos[i] + a * sin[i];
      }
    }
    LlamaRunner.rotatePairs(qGguf, 0, heads, d, half, cos, sin, 0);
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < half; i++) {
        for (int j = 0; j < 2; j++) {
          assertEquals(Float.floatToRawIntBits(expected[h * d + j * half + i]),
              Float.floatToRawIntBits(qGguf[h * d + 2 * i + j]), "head " + h + " pair " + i + " element " + j);
        }
      }
    }
  }

  private static float[] matVec(float[][] w, float[] x) {
    float[] out = new float[w.length];
    for (int r = 0; r < w.length; r++) {
      float s = 0f;
      for (int c = 0; c < x.length; c++) {
        s = Math.fma(w[r][c], x[c], s);
      }
      out[r] = s;
    }
    return out;
  }
}
