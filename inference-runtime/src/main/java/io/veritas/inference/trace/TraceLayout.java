package io.veritas.inference.trace;

/**
 * Where the trace takes hidden states: boundary s = 0 .. (layers / stride) - 1 is the residual stream after layer
 * (s+1)·stride, and the last boundary, s = layers / stride, is the output of the final norm. Leaves are ordered by
 * position t, then boundary s; leaf index = t · boundaries + s.
 */
public record TraceLayout(int layers, int stride) {
  public TraceLayout {
    if (layers < 1) {
      throw new IllegalArgumentException("layer count must be positive, got " + layers);
    }
    if (stride < 1 || stride > layers) {
      throw new IllegalArgumentException("trace stride must be in 1.." + layers + ", got " + stride);
    }
  }

  public int boundaries() {
    return layers / stride + 1;
  }

  /** The boundary after {@code layersDone} layers, or -1 if none is taken there. */
  public int boundaryAfterLayers(int layersDone) {
    return layersDone % stride == 0 ? layersDone / stride - 1 : -1;
  }

  public int finalNormBoundary() {
    return layers / stride;
  }

  public int leafIndex(int position, int boundary) {
    return Math.multiplyExact(position, boundaries()) + boundary;
  }
}
