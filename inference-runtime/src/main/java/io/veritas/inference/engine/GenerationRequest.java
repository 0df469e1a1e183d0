package io.veritas.inference.engine;

import io.veritas.inference.sampling.SamplingParams;
import java.util.Arrays;
import java.util.Objects;

/**
 * An inference job: prompt tokens, how many tokens at most to generate, how to sample, and the trace stride (a
 * trace boundary after every {@code traceStride} layers, plus one after the final norm). Generation stops after
 * {@code maxTokens} tokens, or after the end-of-sequence token when {@code stopAtEos}.
 */
public record GenerationRequest(int[] promptTokens, int maxTokens, SamplingParams sampling, int traceStride,
    boolean stopAtEos) {
  public static final int DEFAULT_TRACE_STRIDE = 1;

  public GenerationRequest {
    Objects.requireNonNull(sampling, "sampling");
    promptTokens = promptTokens.clone();
    if (promptTokens.length == 0) {
      throw new InvalidRequestException("the prompt must hold at least one token");
    }
    if (maxTokens < 1) {
      throw new InvalidRequestException("maxTokens must be at least 1, got " + maxTokens);
    }
    if (traceStride < 1) {
      throw new InvalidRequestException("traceStride must be at least 1, got " + traceStride);
    }
  }

  public static GenerationRequest of(int[] promptTokens, int maxTokens, SamplingParams sampling) {
    return new GenerationRequest(promptTokens, maxTokens, sampling, DEFAULT_TRACE_STRIDE, true);
  }

  @Override
  public int[] promptTokens() {
    return promptTokens.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GenerationRequest r && Arrays.equals(promptTokens, r.promptTokens) && maxTokens == r.maxTokens
        && sampling.equals(r.sampling) && traceStride == r.traceStride && stopAtEos == r.stopAtEos;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(promptTokens), maxTokens, sampling, traceStride, stopAtEos);
  }

  @Override
  public String toString() {
    return "GenerationRequest[prompt=" + promptTokens.length + " tokens, maxTokens=" + maxTokens + ", " + sampling
        + ", traceStride=" + traceStride + ", stopAtEos=" + stopAtEos + "]";
  }
}
