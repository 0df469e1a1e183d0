package io.veritas.inference.gguf;

import java.util.Map;

/**
 * The tensor element types this runtime reads and writes, with their ggml type ids and block layout.
 * A row of {@code n} elements occupies {@code n / blockSize * blockBytes} bytes.
 */
public enum GgmlType {
  F32(0, 1, 4),
  F16(1, 1, 2),
  /** Blocks of 32: fp16 scale d, then 16 bytes; element j is (low nibble of byte j) - 8, element j+16 the high one. */
  Q4_0(2, 32, 18),
  /** Blocks of 32: fp16 scale d, then 32 signed bytes q; element = d * q. */
  Q8_0(8, 32, 34),
  BF16(30, 1, 2);

  /** ggml's names for type ids we do not support, so an error can say what the file holds. */
  private static final Map<Integer, String> UNSUPPORTED_NAMES = Map.ofEntries(
      Map.entry(3, "Q4_1"), Map.entry(6, "Q5_0"), Map.entry(7, "Q5_1"), Map.entry(9, "Q8_1"),
      Map.entry(10, "Q2_K"), Map.entry(11, "Q3_K"), Map.entry(12, "Q4_K"), Map.entry(13, "Q5_K"),
      Map.entry(14, "Q6_K"), Map.entry(15, "Q8_K"), Map.entry(16, "IQ2_XXS"), Map.entry(17, "IQ2_XS"),
      Map.entry(18, "IQ3_XXS"), Map.entry(19, "IQ1_S"), Map.entry(20, "IQ4_NL"), Map.entry(21, "IQ3_S"),
      Map.entry(22, "IQ2_S"), Map.entry(23, "IQ4_XS"), Map.entry(24, "I8"), Map.entry(25, "I16"),
      Map.entry(26, "I32"), Map.entry(27, "I64"), Map.entry(28, "F64"), Map.entry(29, "IQ1_M"),
      Map.entry(34, "TQ1_0"), Map.entry(35, "TQ2_0"), Map.entry(39, "MXFP4"));

  private final int id;
  private final int blockSize;
  private final int blockBytes;

  GgmlType(int id, int blockSize, int blockBytes) {
    this.id = id;
    this.blockSize = blockSize;
    this.blockBytes = blockBytes;
  }

  public int id() {
    return id;
  }

  public int blockSize() {
    return blockSize;
  }

  public int blockBytes() {
    return blockBytes;
  }

  /** Bytes taken by {@code elements} elements; the count must be a whole number of blocks. */
  public long bytesFor(long elements) {
    if (elements % blockSize != 0) {
      throw new GgufFormatException(
          "tensor of type " + this + " has " + elements + " elements per row, not a multiple of its block size " + blockSize);
    }
    return elements / blockSize * blockBytes;
  }

  public static GgmlType fromId(int id, String tensorName) {
    for (GgmlType t : values()) {
      if (t.id == id) {
        return t;
      }
    }
    String name = UNSUPPORTED_NAMES.getOrDefault(id, "unknown");
    throw new GgufFormatException("unsupported tensor type " + id + " (" + name + ") for tensor '" + tensorName
        + "'; supported types: F32, F16, BF16, Q8_0, Q4_0");
  }
}
