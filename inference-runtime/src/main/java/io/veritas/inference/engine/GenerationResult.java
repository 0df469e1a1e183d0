package io.veritas.inference.engine;

/**
 * What a job produced: the output tokens, the trace of prompt + output, and how long the prompt pass (prefill) and
 * the token-by-token pass (decode) took.
 */
public record GenerationResult(int[] outputTokens, Trace trace, long prefillNanos, long decodeNanos) {
  public GenerationResult {
    outputTokens = outputTokens.clone();
  }

  @Override
  public int[] outputTokens() {
    return outputTokens.clone();
  }

  public byte[] traceRoot() {
    return trace.root();
  }
}
