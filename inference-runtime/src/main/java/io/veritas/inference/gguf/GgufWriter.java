package io.veritas.inference.gguf;

import io.veritas.inference.gguf.GgufValue.GgufArray;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Writes GGUF v3 files: header, metadata in the given order, tensor infos, then each tensor's bytes at an offset
 * aligned to {@code general.alignment} (default 32), padding with zeros. Tensor bytes are produced one tensor at a
 * time, so a large model never has to sit in memory whole. The file is written to a temporary sibling and moved
 * into place, so a reader never sees a half-written file.
 */
public final class GgufWriter {
  /** A tensor to write: its shape (ggml order, {@code dims[0]} = row length), type, and a producer of its bytes. */
  public record TensorPayload(String name, long[] dims, GgmlType type, Supplier<byte[]> bytes) {
    public TensorPayload {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(bytes, "bytes");
      dims = dims.clone();
    }

    @Override
    public long[] dims() {
      return dims.clone();
    }

    public static TensorPayload of(String name, long[] dims, GgmlType type, byte[] data) {
      byte[] copy = data.clone();
      return new TensorPayload(name, dims, type, () -> copy);
    }
  }

  private GgufWriter() {}

  public static void write(Path path, Map<String, GgufValue> metadata, List<TensorPayload> tensors) {
    int alignment = GgufFile.DEFAULT_ALIGNMENT;
    GgufValue a = metadata.get(GgufFile.ALIGNMENT_KEY);
    if (a != null) {
      alignment = (int) (long) (Long) a.value();
    }
    List<GgufTensorInfo> infos = new ArrayList<>();
    long offset = 0;
    for (TensorPayload t : tensors) {
      GgufTensorInfo info = new GgufTensorInfo(t.name(), t.dims(), t.type(), offset);
      infos.add(info);
      offset = GgufFile.align(offset + info.byteSize(), alignment);
    }
    // A name of this process's own: several nodes may generate the same default model at once; each writes its
    // own temporary file and the atomic moves leave one complete file.
    Path tmp = path.resolveSibling(path.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      try (Sink out = new Sink(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
        out.i32(GgufFile.MAGIC);
        out.i32(GgufFile.VERSION);
        out.i64(tensors.size());
        out.i64(metadata.size());
        for (Map.Entry<String, GgufValue> e : metadata.entrySet()) {
          out.string(e.getKey());
          out.i32(e.getValue().type().id());
          out.value(e.getValue());
        }
        for (GgufTensorInfo info : infos) {
          out.string(info.name());
          long[] dims = info.dims();
          out.i32(dims.length);
          for (long d : dims) {
            out.i64(d);
          }
          out.i32(info.type().id());
          out.i64(info.offset());
        }
        out.pad(alignment);
        long dataStart = out.written;
        for (int i = 0; i < tensors.size(); i++) {
          GgufTensorInfo info = infos.get(i);
          byte[] data = tensors.get(i).bytes().get();
          if (data.length != info.byteSize()) {
            throw new IllegalArgumentException("tensor '" + info.name() + "' of shape " + java.util.Arrays.toString(info.dims())
                + " and type " + info.type() + " needs " + info.byteSize() + " bytes, the payload has " + data.length);
          }
          if (out.written - dataStart != info.offset()) {
            throw new IllegalStateException("tensor '" + info.name() + "' written at a wrong offset");
          }
          out.bytes(data);
          out.pad(alignment);
        }
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write GGUF file " + path + ": " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException e) {
        // The move either happened (tmp gone) or the original exception is already propagating.
        e.addSuppressed(new IOException("could not delete " + tmp));
      }
    }
  }

  /** Little-endian primitive output with a byte counter for alignment. */
  private static final class Sink implements AutoCloseable {
    private final OutputStream out;
    private final byte[] scratch = new byte[8];
    private long written;

    Sink(OutputStream out) {
      this.out = out;
    }

    void bytes(byte[] b) throws IOException {
      out.write(b);
      written += b.length;
    }

    void le(long v, int n) throws IOException {
      for (int i = 0; i < n; i++) {
        scratch[i] = (byte) (v >>> (8 * i));
      }
      out.write(scratch, 0, n);
      written += n;
    }

    void i32(int v) throws IOException {
      le(v, 4);
    }

    void i64(long v) throws IOException {
      le(v, 8);
    }

    void string(String s) throws IOException {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      i64(b.length);
      bytes(b);
    }

    void pad(int alignment) throws IOException {
      long target = GgufFile.align(written, alignment);
      while (written < target) {
        out.write(0);
        written++;
      }
    }

    void value(GgufValue v) throws IOException {
      switch (v.type()) {
        case ARRAY -> array((GgufArray) v.value());
        default -> scalar(v.type(), v.value());
      }
    }

    private void scalar(GgufValueType type, Object value) throws IOException {
      switch (type) {
        case UINT8, INT8 -> le((Long) value, 1);
        case UINT16, INT16 -> le((Long) value, 2);
        case UINT32, INT32 -> le((Long) value, 4);
        case UINT64, INT64 -> le((Long) value, 8);
        case FLOAT32 -> i32(Float.floatToRawIntBits((Float) value));
        case FLOAT64 -> i64(Double.doubleToRawLongBits((Double) value));
        case BOOL -> le((Boolean) value ? 1 : 0, 1);
        case STRING -> string((String) value);
        case ARRAY -> array((GgufArray) value);
      }
    }

    private void array(GgufArray a) throws IOException {
      i32(a.elementType().id());
      i64(a.length());
      switch (a.elementType()) {
        case FLOAT32 -> {
          for (float f : (float[]) a.elements()) {
            i32(Float.floatToRawIntBits(f));
          }
        }
        case FLOAT64 -> {
          for (double d : (double[]) a.elements()) {
            i64(Double.doubleToRawLongBits(d));
          }
        }
        case BOOL -> {
          for (boolean b : (boolean[]) a.elements()) {
            le(b ? 1 : 0, 1);
          }
        }
        case STRING -> {
          for (String s : (String[]) a.elements()) {
            string(s);
          }
        }
        case ARRAY -> {
          for (GgufArray inner : (GgufArray[]) a.elements()) {
            array(inner);
          }
        }
        default -> {
          for (long l : (long[]) a.elements()) {
            scalar(a.elementType(), l);
          }
        }
      }
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
