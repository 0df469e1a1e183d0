package io.veritas.inference.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor's header entry. {@code dims[0]} is the fastest-varying dimension (the row length of a matrix),
 * as in ggml; {@code offset} is relative to the start of the tensor data section.
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset) {
  public GgufTensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    dims = dims.clone();
    if (dims.length == 0 || dims.length > 4) {
      throw new GgufFormatException("tensor '" + name + "' has " + dims.length + " dimensions (1..4 allowed)");
    }
    for (long d : dims) {
      if (d <= 0) {
        throw new GgufFormatException("tensor '" + name + "' has a non-positive dimension " + Arrays.toString(dims));
      }
    }
    if (dims[0] % type.blockSize() != 0) {
      throw new GgufFormatException("tensor '" + name + "' of type " + type + " has row length " + dims[0]
          + ", not a multiple of the block size " + type.blockSize());
    }
    if (offset < 0) {
      throw new GgufFormatException("tensor '" + name + "' has a negative data offset " + offset);
    }
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }

  public long elementCount() {
    long n = 1;
    for (long d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public long byteSize() {
    return type.bytesFor(dims[0]) * (elementCount() / dims[0]);
  }

  /** Number of rows when viewed as a matrix of rows of length {@code dims[0]}. */
  public long rows() {
    return elementCount() / dims[0];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GgufTensorInfo t && name.equals(t.name) && Arrays.equals(dims, t.dims) && type == t.type
        && offset == t.offset;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, Arrays.hashCode(dims), type, offset);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(dims) + ":" + type + "@" + offset;
  }
}
