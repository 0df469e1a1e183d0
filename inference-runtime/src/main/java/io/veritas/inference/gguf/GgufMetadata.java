package io.veritas.inference.gguf;

import io.veritas.inference.gguf.GgufValue.GgufArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The metadata key/value section of a GGUF file, in file order, with typed accessors that name the key on error. */
public final class GgufMetadata {
  private final Map<String, GgufValue> values;

  public GgufMetadata(Map<String, GgufValue> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public Map<String, GgufValue> asMap() {
    return values;
  }

  public boolean contains(String key) {
    return values.containsKey(key);
  }

  public Optional<GgufValue> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  private GgufValue require(String key) {
    GgufValue v = values.get(key);
    if (v == null) {
      throw new GgufFormatException("GGUF metadata key '" + key + "' is missing");
    }
    return v;
  }

  public String getString(String key) {
    GgufValue v = require(key);
    if (v.type() != GgufValueType.STRING) {
      throw new GgufFormatException("GGUF metadata key '" + key + "' is " + v.type() + ", expected STRING");
    }
    return (String) v.value();
  }

  public Optional<String> findString(String key) {
    return contains(key) ? Optional.of(getString(key)) : Optional.empty();
  }

  public long getLong(String key) {
    GgufValue v = require(key);
    if (!v.type().isInteger()) {
      throw new GgufFormatException("GGUF metadata key '" + key + "' is " + v.type() + ", expected an integer");
    }
    return (Long) v.value();
  }

  /** An integer value that must fit a positive int (dimensions, counts, token ids). */
  public int getInt(String key) {
    long v = getLong(key);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new GgufFormatException("GGUF metadata key '" + key + "' = " + v + " is out of range 0.." + Integer.MAX_VALUE);
    }
    return (int) v;
  }

  public Optional<Integer> findInt(String key) {
    return contains(key) ? Optional.of(getInt(key)) : Optional.empty();
  }

  public float getFloat(String key) {
    GgufValue v = require(key);
    return switch (v.type()) {
      case FLOAT32 -> (Float) v.value();
      case FLOAT64 -> (float) (double) (Double) v.value();
      default -> throw new GgufFormatException("GGUF metadata key '" + key + "' is " + v.type() + ", expected a float");
    };
  }

  public Optional<Float> findFloat(String key) {
    return contains(key) ? Optional.of(getFloat(key)) : Optional.empty();
  }

  public Optional<Boolean> findBool(String key) {
    GgufValue v = values.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (v.type() != GgufValueType.BOOL) {
      throw new GgufFormatException("GGUF metadata key '" + key + "' is " + v.type() + ", expected BOOL");
    }
    return Optional.of((Boolean) v.value());
  }

  private GgufArray requireArray(String key, GgufValueType... elementTypes) {
    GgufValue v = require(key);
    if (v.type() == GgufValueType.ARRAY) {
      GgufArray a = (GgufArray) v.value();
      for (GgufValueType t : elementTypes) {
        if (a.elementType() == t) {
          return a;
        }
      }
      throw new GgufFormatException("GGUF metadata key '" + key + "' is an array of " + a.elementType()
          + ", expected " + java.util.Arrays.toString(elementTypes));
    }
    throw new GgufFormatException("GGUF metadata key '" + key + "' is " + v.type() + ", expected an ARRAY");
  }

  public String[] getStringArray(String key) {
    return ((String[]) requireArray(key, GgufValueType.STRING).elements()).clone();
  }

  public float[] getFloatArray(String key) {
    return ((float[]) requireArray(key, GgufValueType.FLOAT32).elements()).clone();
  }

  public int[] getIntArray(String key) {
    GgufArray a = requireArray(key, GgufValueType.INT32, GgufValueType.UINT32, GgufValueType.INT8,
        GgufValueType.UINT8, GgufValueType.INT16, GgufValueType.UINT16);
    long[] wide = (long[]) a.elements();
    int[] out = new int[wide.length];
    for (int i = 0; i < wide.length; i++) {
      out[i] = (int) wide[i];
    }
    return out;
  }
}
