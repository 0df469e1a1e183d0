package io.veritas.inference.gguf;

/** GGUF metadata value types with their on-disk ids (GGUF v3). */
public enum GgufValueType {
  UINT8(0, 1), INT8(1, 1), UINT16(2, 2), INT16(3, 2), UINT32(4, 4), INT32(5, 4), FLOAT32(6, 4), BOOL(7, 1),
  STRING(8, -1), ARRAY(9, -1), UINT64(10, 8), INT64(11, 8), FLOAT64(12, 8);

  private final int id;
  private final int fixedSize;

  GgufValueType(int id, int fixedSize) {
    this.id = id;
    this.fixedSize = fixedSize;
  }

  public int id() {
    return id;
  }

  /** Size in bytes of one value, or -1 for the variable-size STRING and ARRAY. */
  public int fixedSize() {
    return fixedSize;
  }

  public boolean isInteger() {
    return fixedSize > 0 && this != FLOAT32 && this != FLOAT64 && this != BOOL;
  }

  public static GgufValueType fromId(int id, String key) {
    for (GgufValueType t : values()) {
      if (t.id == id) {
        return t;
      }
    }
    throw new GgufFormatException("metadata key '" + key + "' has unknown value type " + id + " (valid: 0..12)");
  }
}
