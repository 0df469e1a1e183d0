package io.veritas.inference.gguf;

import io.veritas.inference.gguf.GgufValue.GgufArray;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF v3 file, memory-mapped read-only with the FFM API. Every header offset and size is checked against the
 * file length before it is read, so a truncated or corrupt file gives a {@link GgufFormatException}, never a crash
 * or a hang. Close it to unmap; tensors read from it are invalid afterwards.
 */
public final class GgufFile implements AutoCloseable {
  public static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
  public static final int VERSION = 3;
  public static final int DEFAULT_ALIGNMENT = 32;
  public static final String ALIGNMENT_KEY = "general.alignment";

  private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
  private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

  private final Path path;
  private final Arena arena;
  private final GgufMetadata metadata;
  private final Map<String, GgufTensor> tensors;
  private final long dataOffset;
  private final int alignment;

  private GgufFile(Path path, Arena arena, MemorySegment file) {
    this.path = path;
    this.arena = arena;
    Cursor c = new Cursor(file, path);
    int magic = c.i32("magic");
    if (magic != MAGIC) {
      throw new GgufFormatException("not a GGUF file: " + path + " starts with 0x" + Integer.toHexString(magic)
          + ", expected the magic 'GGUF'");
    }
    int version = c.i32("version");
    if (version != VERSION) {
      throw new GgufFormatException("unsupported GGUF version " + version + " in " + path + " (this runtime reads v3)");
    }
    long tensorCount = c.i64("tensor count");
    long kvCount = c.i64("metadata count");
    // Each entry needs at least 8 (key length) + 4 (type) bytes, each tensor info at least 8+4+8+4+8.
    if (kvCount < 0 || kvCount > c.remaining() / 12) {
      throw new GgufFormatException("corrupt GGUF " + path + ": metadata count " + kvCount + " cannot fit in "
          + c.remaining() + " remaining bytes");
    }
    if (tensorCount < 0 || tensorCount > c.remaining() / 32) {
      throw new GgufFormatException("corrupt GGUF " + path + ": tensor count " + tensorCount + " cannot fit in "
          + c.remaining() + " remaining bytes");
    }
    Map<String, GgufValue> kv = new LinkedHashMap<>();
    for (long i = 0; i < kvCount; i++) {
      String key = c.string("metadata key #" + i);
      int typeId = c.i32("type of '" + key + "'");
      GgufValue value = c.value(GgufValueType.fromId(typeId, key), key, 0);
      if (kv.put(key, value) != null) {
        throw new GgufFormatException("corrupt GGUF " + path + ": metadata key '" + key + "' appears twice");
      }
    }
    this.metadata = new GgufMetadata(kv);
    this.alignment = metadata.contains(ALIGNMENT_KEY) ? metadata.getInt(ALIGNMENT_KEY) : DEFAULT_ALIGNMENT;
    if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
      throw new GgufFormatException("corrupt GGUF " + path + ": general.alignment " + alignment + " is not a power of two");
    }
    List<GgufTensorInfo> infos = new ArrayList<>();
    for (long i = 0; i < tensorCount; i++) {
      String name = c.string("tensor name #" + i);
      int nDims = c.i32("dimension count of '" + name + "'");
      if (nDims < 1 || nDims > 4) {
        throw new GgufFormatException("corrupt GGUF " + path + ": tensor '" + name + "' has " + nDims + " dimensions (1..4 allowed)");
      }
      long[] dims = new long[nDims];
      for (int d = 0; d < nDims; d++) {
        dims[d] = c.i64("dimension " + d + " of '" + name + "'");
        if (dims[d] <= 0 || dims[d] > file.byteSize() * 2 + 64) {
          throw new GgufFormatException("corrupt GGUF " + path + ": tensor '" + name + "' dimension " + d + " is " + dims[d]);
        }
      }
      GgmlType type = GgmlType.fromId(c.i32("type of '" + name + "'"), name);
      long offset = c.i64("offset of '" + name + "'");
      infos.add(new GgufTensorInfo(name, dims, type, offset));
    }
    this.dataOffset = align(c.position, alignment);
    Map<String, GgufTensor> byName = new LinkedHashMap<>();
    for (GgufTensorInfo info : infos) {
      long size;
      try {
        size = info.byteSize();
      } catch (ArithmeticException e) {
        throw new GgufFormatException("corrupt GGUF " + path + ": tensor '" + info.name() + "' is too large", e);
      }
      if (info.offset() % alignment != 0) {
        throw new GgufFormatException("corrupt GGUF " + path + ": tensor '" + info.name() + "' offset " + info.offset()
            + " is not a multiple of the alignment " + alignment);
      }
      long start = dataOffset + info.offset();
      if (info.offset() > file.byteSize() || start > file.byteSize() || size > file.byteSize() - start) {
        throw new GgufFormatException("truncated GGUF " + path + ": tensor '" + info.name() + "' needs bytes " + start
            + ".." + (start + size) + " but the file has " + file.byteSize());
      }
      if (byName.put(info.name(), new GgufTensor(info, file.asSlice(start, size))) != null) {
        throw new GgufFormatException("corrupt GGUF " + path + ": tensor '" + info.name() + "' appears twice");
      }
    }
    this.tensors = Collections.unmodifiableMap(byName);
  }

  /** Maps and parses {@code path}; the returned file must be closed. */
  public static GgufFile open(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new GgufFormatException("model file not found or not a regular file: " + path.toAbsolutePath());
    }
    Arena arena = Arena.ofShared();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      MemorySegment file = size == 0 ? MemorySegment.ofArray(new byte[0]) : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
      return new GgufFile(path, arena, file);
    } catch (NoSuchFileException e) {
      arena.close();
      throw new GgufFormatException("model file not found: " + path.toAbsolutePath(), e);
    } catch (IOException e) {
      arena.close();
      throw new GgufFormatException("cannot read model file " + path.toAbsolutePath() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      arena.close();
      throw e;
    }
  }

  static long align(long offset, int alignment) {
    return (offset + alignment - 1) / alignment * alignment;
  }

  public Path path() {
    return path;
  }

  public GgufMetadata metadata() {
    return metadata;
  }

  public int alignment() {
    return alignment;
  }

  public long dataOffset() {
    return dataOffset;
  }

  public Map<String, GgufTensor> tensors() {
    return tensors;
  }

  public boolean hasTensor(String name) {
    return tensors.containsKey(name);
  }

  public GgufTensor tensor(String name) {
    GgufTensor t = tensors.get(name);
    if (t == null) {
      throw new GgufFormatException("tensor '" + name + "' is missing from " + path);
    }
    return t;
  }

  @Override
  public void close() {
    arena.close();
  }

  /** Sequential reader over the header that checks every read against the file length. */
  private static final class Cursor {
    private final MemorySegment seg;
    private final Path path;
    private long position;

    Cursor(MemorySegment seg, Path path) {
      this.seg = seg;
      this.path = path;
    }

    long remaining() {
      return seg.byteSize() - position;
    }

    private void need(long bytes, String what) {
      if (bytes < 0 || bytes > remaining()) {
        throw new GgufFormatException("truncated GGUF " + path + ": " + what + " needs " + bytes + " bytes at offset "
            + position + " but the file has " + seg.byteSize());
      }
    }

    int i32(String what) {
      need(4, what);
      int v = seg.get(INT_LE, position);
      position += 4;
      return v;
    }

    long i64(String what) {
      need(8, what);
      long v = seg.get(LONG_LE, position);
      position += 8;
      return v;
    }

    byte i8(String what) {
      need(1, what);
      return seg.get(ValueLayout.JAVA_BYTE, position++);
    }

    String string(String what) {
      long len = i64("length of " + what);
      need(len, what);
      if (len > Integer.MAX_VALUE - 8) {
        throw new GgufFormatException("corrupt GGUF " + path + ": " + what + " has length " + len);
      }
      byte[] bytes = seg.asSlice(position, len).toArray(ValueLayout.JAVA_BYTE);
      position += len;
      return new String(bytes, StandardCharsets.UTF_8);
    }

    GgufValue value(GgufValueType type, String key, int depth) {
      return switch (type) {
        case UINT8 -> new GgufValue(type, (long) (i8(key) & 0xFF));
        case INT8 -> new GgufValue(type, (long) i8(key));
        case UINT16 -> new GgufValue(type, (long) (i16(key) & 0xFFFF));
        case INT16 -> new GgufValue(type, (long) i16(key));
        case UINT32 -> new GgufValue(type, i32(key) & 0xFFFF_FFFFL);
        case INT32 -> new GgufValue(type, (long) i32(key));
        case UINT64, INT64 -> new GgufValue(type, i64(key));
        case FLOAT32 -> new GgufValue(type, Float.intBitsToFloat(i32(key)));
        case FLOAT64 -> new GgufValue(type, Double.longBitsToDouble(i64(key)));
        case BOOL -> {
          byte b = i8(key);
          if (b != 0 && b != 1) {
            throw new GgufFormatException("corrupt GGUF " + path + ": boolean '" + key + "' has value " + b);
          }
          yield new GgufValue(type, b == 1);
        }
        case STRING -> new GgufValue(type, string("value of '" + key + "'"));
        case ARRAY -> new GgufValue(type, array(key, depth));
      };
    }

    private short i16(String what) {
      need(2, what);
      short v = seg.get(GgufTensor.SHORT_LE, position);
      position += 2;
      return v;
    }

    private GgufArray array(String key, int depth) {
      if (depth > 4) {
        throw new GgufFormatException("corrupt GGUF " + path + ": metadata '" + key + "' nests arrays deeper than 4");
      }
      GgufValueType elementType = GgufValueType.fromId(i32("array type of '" + key + "'"), key);
      long count = i64("array length of '" + key + "'");
      long minElement = elementType.fixedSize() > 0 ? elementType.fixedSize() : (elementType == GgufValueType.STRING ? 8 : 12);
      if (count < 0 || count > remaining() / minElement) {
        throw new GgufFormatException("truncated GGUF " + path + ": array '" + key + "' claims " + count + " elements of "
            + elementType + " but only " + remaining() + " bytes remain");
      }
      int n = (int) count;
      Object elements = switch (elementType) {
        case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> {
          long[] a = new long[n];
          for (int i = 0; i < n; i++) {
            a[i] = (Long) value(elementType, key, depth).value();
          }
          yield a;
        }
        case FLOAT32 -> {
          float[] a = new float[n];
          for (int i = 0; i < n; i++) {
            a[i] = Float.intBitsToFloat(i32(key));
          }
          yield a;
        }
        case FLOAT64 -> {
          double[] a = new double[n];
          for (int i = 0; i < n; i++) {
            a[i] = Double.longBitsToDouble(i64(key));
          }
          yield a;
        }
        case BOOL -> {
          boolean[] a = new boolean[n];
          for (int i = 0; i < n; i++) {
            a[i] = (Boolean) value(elementType, key, depth).value();
          }
          yield a;
        }
        case STRING -> {
          String[] a = new String[n];
          for (int i = 0; i < n; i++) {
            a[i] = string("element " + i + " of '" + key + "'");
          }
          yield a;
        }
        case ARRAY -> {
          GgufArray[] a = new GgufArray[n];
          for (int i = 0; i < n; i++) {
            a[i] = array(key, depth + 1);
          }
          yield a;
        }
      };
      return new GgufArray(elementType, elements);
    }
  }
}
