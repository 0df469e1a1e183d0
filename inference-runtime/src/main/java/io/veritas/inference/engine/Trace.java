package io.veritas.inference.engine;

import io.veritas.inference.trace.MerkleTree;
import io.veritas.inference.trace.TraceLayout;
import java.util.List;
import java.util.Optional;

/**
 * The trace of a job: leaf(t, s) for every position t of prompt + output and boundary s, in (t, s) order, and their
 * RFC 6962 Merkle root.
 */
public final class Trace {
  private final TraceLayout layout;
  private final List<byte[]> leaves;
  private final MerkleTree tree;

  Trace(TraceLayout layout, List<byte[]> leaves) {
    this.layout = layout;
    this.leaves = List.copyOf(leaves);
    this.tree = new MerkleTree(this.leaves);
  }

  public TraceLayout layout() {
    return layout;
  }

  public int positions() {
    return leaves.size() / layout.boundaries();
  }

  public byte[] root() {
    return tree.root();
  }

  public List<byte[]> leaves() {
    return leaves.stream().map(byte[]::clone).toList();
  }

  public byte[] leaf(int position, int boundary) {
    return leaves.get(layout.leafIndex(position, boundary)).clone();
  }

  /** The Merkle audit path of leaf (t, s) against {@link #root()}. */
  public List<byte[]> proof(int position, int boundary) {
    return tree.proof(layout.leafIndex(position, boundary));
  }

  /** The first (position, boundary) whose leaf differs from {@code claimed} (same layout), if any. */
  public Optional<TraceDifference> firstDifference(List<byte[]> claimed) {
    int n = Math.min(leaves.size(), claimed.size());
    for (int i = 0; i < n; i++) {
      if (!java.util.Arrays.equals(leaves.get(i), claimed.get(i))) {
        return Optional.of(new TraceDifference(i / layout.boundaries(), i % layout.boundaries()));
      }
    }
    if (leaves.size() != claimed.size()) {
      return Optional.of(new TraceDifference(n / layout.boundaries(), n % layout.boundaries()));
    }
    return Optional.empty();
  }

  /** Where two traces first differ. */
  public record TraceDifference(int position, int boundary) {}
}
