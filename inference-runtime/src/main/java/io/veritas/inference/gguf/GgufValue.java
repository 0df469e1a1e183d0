package io.veritas.inference.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One metadata value with its GGUF type, so writing it back gives the same bytes.
 *
 * <p>Java representation: every integer type as {@link Long} (UINT64 holds the raw 64 bits), FLOAT32 as
 * {@link Float}, FLOAT64 as {@link Double}, BOOL as {@link Boolean}, STRING as {@link String}, ARRAY as
 * {@link GgufArray}.
 */
public record GgufValue(GgufValueType type, Object value) {
  public GgufValue {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    boolean ok = switch (type) {
      case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> value instanceof Long;
      case FLOAT32 -> value instanceof Float;
      case FLOAT64 -> value instanceof Double;
      case BOOL -> value instanceof Boolean;
      case STRING -> value instanceof String;
      case ARRAY -> value instanceof GgufArray;
    };
    if (!ok) {
      throw new IllegalArgumentException("GGUF value of type " + type + " cannot hold " + value.getClass().getSimpleName());
    }
  }

  public static GgufValue uint32(long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("uint32 out of range: " + v);
    }
    return new GgufValue(GgufValueType.UINT32, v);
  }

  public static GgufValue int32(int v) {
    return new GgufValue(GgufValueType.INT32, (long) v);
  }

  public static GgufValue uint64(long v) {
    return new GgufValue(GgufValueType.UINT64, v);
  }

  public static GgufValue float32(float v) {
    return new GgufValue(GgufValueType.FLOAT32, v);
  }

  public static GgufValue bool(boolean v) {
    return new GgufValue(GgufValueType.BOOL, v);
  }

  public static GgufValue string(String v) {
    return new GgufValue(GgufValueType.STRING, v);
  }

  public static GgufValue strings(String[] v) {
    return new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.STRING, v.clone()));
  }

  public static GgufValue float32s(float[] v) {
    return new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.FLOAT32, v.clone()));
  }

  public static GgufValue int32s(int[] v) {
    long[] wide = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      wide[i] = v[i];
    }
    return new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.INT32, wide));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GgufValue other && type == other.type && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + value.hashCode();
  }

  @Override
  public String toString() {
    return type + ":" + value;
  }

  /**
   * A typed array: integer element types as {@code long[]}, FLOAT32 as {@code float[]}, FLOAT64 as
   * {@code double[]}, BOOL as {@code boolean[]}, STRING as {@code String[]}, nested arrays as {@code GgufArray[]}.
   */
  public record GgufArray(GgufValueType elementType, Object elements) {
    public GgufArray {
      Objects.requireNonNull(elementType, "elementType");
      Objects.requireNonNull(elements, "elements");
      boolean ok = switch (elementType) {
        case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> elements instanceof long[];
        case FLOAT32 -> elements instanceof float[];
        case FLOAT64 -> elements instanceof double[];
        case BOOL -> elements instanceof boolean[];
        case STRING -> elements instanceof String[];
        case ARRAY -> elements instanceof GgufArray[];
      };
      if (!ok) {
        throw new IllegalArgumentException("GGUF array of " + elementType + " cannot hold " + elements.getClass().getSimpleName());
      }
    }

    public int length() {
      return java.lang.reflect.Array.getLength(elements);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GgufArray other && elementType == other.elementType
          && Arrays.deepEquals(new Object[] {elements}, new Object[] {other.elements});
    }

    @Override
    public int hashCode() {
      return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {elements});
    }

    @Override
    public String toString() {
      return "array<" + elementType + ">[" + length() + "]";
    }
  }
}
