package io.veritas.inference.kernel;

import io.veritas.inference.gguf.GgmlType;
import io.veritas.inference.gguf.GgufTensor;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/** A weight matrix of {@code rows} rows of {@code cols} elements each, stored row-major in ggml's encoding. */
public record WeightMatrix(String name, GgmlType type, int rows, int cols, MemorySegment data) {
  public WeightMatrix {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (rows <= 0 || cols <= 0) {
      throw new IllegalArgumentException("matrix '" + name + "' has shape " + rows + "x" + cols);
    }
    if (data.byteSize() != rows * type.bytesFor(cols)) {
      throw new IllegalArgumentException("matrix '" + name + "' " + rows + "x" + cols + " " + type + " needs "
          + rows * type.bytesFor(cols) + " bytes, got " + data.byteSize());
    }
  }

  public static WeightMatrix of(GgufTensor tensor) {
    return new WeightMatrix(tensor.name(), tensor.type(), tensor.rows(), tensor.columns(), tensor.data());
  }

  public long rowBytes() {
    return type.bytesFor(cols);
  }

  /** Exact dequantization of one row into {@code out[offset ..]}. */
  public void dequantizeRow(int row, float[] out, int offset) {
    GgufTensor.dequantize(type, data, row * rowBytes(), cols, out, offset);
  }
}
