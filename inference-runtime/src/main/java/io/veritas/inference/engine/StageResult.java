package io.veritas.inference.engine;

import java.util.List;

/** Output hidden states of a stage (positions x dim) and the trace leaves of the boundaries inside it. */
public record StageResult(float[] outputHidden, List<StageLeaf> leaves) {
  public StageResult {
    outputHidden = outputHidden.clone();
    leaves = List.copyOf(leaves);
  }

  @Override
  public float[] outputHidden() {
    return outputHidden.clone();
  }

  /** leaf(t, s) as computed by the stage. */
  public record StageLeaf(int position, int boundary, byte[] leaf) {}
}
