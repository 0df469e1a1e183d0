package io.veritas.inference.engine;

import java.util.Optional;

/**
 * The outcome of replaying a job: the recomputed trace, and the first output token that is not what the sampler
 * would have chosen (if any).
 */
public record ReplayResult(Trace trace, Optional<TokenMismatch> tokenMismatch, long nanos) {
  /** At sequence position {@code position} the claimed token differs from the sampler's choice. */
  public record TokenMismatch(int position, int claimedToken, int expectedToken, String reason) {}

  public byte[] traceRoot() {
    return trace.root();
  }

  /** True when every output token is the sampler's choice and the recomputed root equals {@code claimedRoot}. */
  public boolean matches(byte[] claimedRoot) {
    return tokenMismatch.isEmpty() && java.util.Arrays.equals(trace.root(), claimedRoot);
  }
}
