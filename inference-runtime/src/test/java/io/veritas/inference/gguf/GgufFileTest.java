package io.veritas.inference.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.inference.gguf.GgufValue.GgufArray;
import io.veritas.inference.gguf.GgufWriter.TensorPayload;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {
  @TempDir Path dir;

  private static Map<String, GgufValue> allValueTypes() {
    Map<String, GgufValue> md = new LinkedHashMap<>();
    md.put("general.architecture", GgufValue.string("llama"));
    md.put("general.alignment", GgufValue.uint32(64));
    md.put("t.u8", new GgufValue(GgufValueType.UINT8, 255L));
    md.put("t.i8", new GgufValue(GgufValueType.INT8, -128L));
    md.put("t.u16", new GgufValue(GgufValueType.UINT16, 65535L));
    md.put("t.i16", new GgufValue(GgufValueType.INT16, -32768L));
    md.put("t.u32", GgufValue.uint32(0xFFFF_FFFFL));
    md.put("t.i32", GgufValue.int32(Integer.MIN_VALUE));
    md.put("t.u64", GgufValue.uint64(-1L));
    md.put("t.i64", new GgufValue(GgufValueType.INT64, Long.MIN_VALUE));
    md.put("t.f32", GgufValue.float32(-0.0f));
    md.put("t.f64", new GgufValue(GgufValueType.FLOAT64, Math.PI));
    md.put("t.bool", GgufValue.bool(true));
    md.put("t.str", GgufValue.string("héllo ▁世界"));
    md.put("t.strs", GgufValue.strings(new String[] {"a", "", "<0x0A>"}));
    md.put("t.f32s", GgufValue.float32s(new float[] {1.5f, Float.NaN, -3f}));
    md.put("t.i32s", GgufValue.int32s(new int[] {1, -2, 3}));
    md.put("t.bools", new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.BOOL, new boolean[] {true, false})));
    md.put("t.f64s", new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.FLOAT64, new double[] {2.25})));
    md.put("t.u8s", new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.UINT8, new long[] {0, 200})));
    md.put("t.nested", new GgufValue(GgufValueType.ARRAY, new GgufArray(GgufValueType.ARRAY, new GgufArray[] {
        new GgufArray(GgufValueType.INT64, new long[] {5, 6}), new GgufArray(GgufValueType.STRING, new String[] {"x"})})));
    return md;
  }

  private static byte[] le(int bytes, long... values) {
    ByteBuffer b = ByteBuffer.allocate(bytes * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      switch (bytes) {
        case 1 -> b.put((byte) v);
        case 2 -> b.putShort((short) v);
        default -> b.putInt((int) v);
      }
    }
    return b.array();
  }

  private static List<TensorPayload> tensorsOfEveryType() {
    ByteBuffer q8 = ByteBuffer.allocate(34).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3800); // d = 0.5
    q8.put((byte) -128).put((byte) 127).put((byte) 3);
    ByteBuffer q4 = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x4000); // d = 2
    q4.put((byte) 0x1F);
    for (int i = 1; i < 16; i++) {
      q4.put((byte) 0x88); // both nibbles 8: value 0
    }
    return List.of(
        TensorPayload.of("f32", new long[] {2, 2}, GgmlType.F32, le(4, Float.floatToIntBits(1f), Float.floatToIntBits(-2f),
            Float.floatToIntBits(0.1f), Float.floatToIntBits(Float.MIN_VALUE))),
        TensorPayload.of("f16", new long[] {3}, GgmlType.F16, le(2, 0x3555, 0xFC00, 0x0001)),
        TensorPayload.of("bf16", new long[] {2}, GgmlType.BF16, le(2, 0x3FC0, 0x8000)),
        TensorPayload.of("q8", new long[] {32}, GgmlType.Q8_0, q8.array()),
        TensorPayload.of("q4", new long[] {32, 1}, GgmlType.Q4_0, q4.array()));
  }

  @Test
  void roundTripsEveryMetadataTypeAndTensorType() throws IOException {
    Path path = dir.resolve("all.gguf");
    GgufWriter.write(path, allValueTypes(), tensorsOfEveryType());
    try (GgufFile f = GgufFile.open(path)) {
      assertEquals(allValueTypes(), f.metadata().asMap());
      assertEquals(List.copyOf(allValueTypes().keySet()), List.copyOf(f.metadata().asMap().keySet()));
      assertEquals(64, f.alignment());
      assertEquals(0, f.dataOffset() % 64);
      for (TensorPayload t : tensorsOfEveryType()) {
        GgufTensor read = f.tensor(t.name());
        assertEquals(0, read.info().offset() % 64);
        assertArrayEquals(t.bytes().get(), read.data().toArray(ValueLayout.JAVA_BYTE));
        assertArrayEquals(t.dims(), read.info().dims());
      }
      assertArrayEquals(new float[] {1f, -2f, 0.1f, Float.MIN_VALUE}, f.tensor("f32").toFloatArray());
      assertArrayEquals(new float[] {0.333251953125f, Float.NEGATIVE_INFINITY, 0x1p-24f}, f.tensor("f16").toFloatArray());
      assertArrayEquals(new float[] {1.5f, -0.0f}, f.tensor("bf16").toFloatArray());
      float[] q8 = f.tensor("q8").toFloatArray();
      assertEquals(-64f, q8[0]);
      assertEquals(63.5f, q8[1]);
      assertEquals(1.5f, q8[2]);
      assertEquals(0f, q8[31]);
      float[] q4 = f.tensor("q4").toFloatArray();
      assertEquals(14f, q4[0]);
      assertEquals(-14f, q4[16]);
      assertEquals(0f, q4[1]);
      assertEquals(0f, q4[31]);
    }
    // Writing what was read gives the same bytes.
    Path copy = dir.resolve("copy.gguf");
    try (GgufFile f = GgufFile.open(path)) {
      List<TensorPayload> again = f.tensors().values().stream().map(t -> TensorPayload.of(t.name(), t.info().dims(),
          t.type(), t.data().toArray(ValueLayout.JAVA_BYTE))).toList();
      GgufWriter.write(copy, f.metadata().asMap(), again);
    }
    assertArrayEquals(Files.readAllBytes(path), Files.readAllBytes(copy));
  }

  @Test
  void everyTruncationGivesAFormatErrorNeverACrash() throws IOException {
    Path path = dir.resolve("all.gguf");
    GgufWriter.write(path, allValueTypes(), tensorsOfEveryType());
    byte[] whole = Files.readAllBytes(path);
    long endOfData;
    try (GgufFile f = GgufFile.open(path)) {
      GgufTensor last = f.tensor("q4");
      endOfData = f.dataOffset() + last.info().offset() + last.info().byteSize();
    }
    Path cut = dir.resolve("cut.gguf");
    for (int len = 0; len < endOfData; len++) {
      Files.write(cut, java.util.Arrays.copyOf(whole, len));
      int n = len;
      GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(cut).close(), "length " + n);
      assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("not a GGUF") || e.getMessage().contains("corrupt"),
          e.getMessage());
    }
  }

  @Test
  void rejectsWrongMagicAndVersion() throws IOException {
    Path p = dir.resolve("bad.gguf");
    Files.write(p, new byte[] {'G', 'G', 'M', 'L', 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertEquals("not a GGUF file: " + p + " starts with 0x4c4d4747, expected the magic 'GGUF'",
        assertThrows(GgufFormatException.class, () -> GgufFile.open(p)).getMessage());
    Files.write(p, new byte[] {'G', 'G', 'U', 'F', 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    assertEquals("unsupported GGUF version 2 in " + p + " (this runtime reads v3)",
        assertThrows(GgufFormatException.class, () -> GgufFile.open(p)).getMessage());
  }

  @Test
  void rejectsUnknownTensorTypeByName() throws IOException {
    Path path = dir.resolve("q4k.gguf");
    GgufWriter.write(path, Map.of(), List.of(TensorPayload.of("w", new long[] {32}, GgmlType.Q8_0, new byte[34])));
    byte[] bytes = Files.readAllBytes(path);
    // Header: magic, version, counts (24 bytes), then the tensor info: name (8 + 1), n_dims (4), dim (8), type.
    int typeOffset = 24 + 9 + 4 + 8;
    assertEquals(8, bytes[typeOffset]);
    bytes[typeOffset] = 12;
    Files.write(path, bytes);
    assertEquals("unsupported tensor type 12 (Q4_K) for tensor 'w'; supported types: F32, F16, BF16, Q8_0, Q4_0",
        assertThrows(GgufFormatException.class, () -> GgufFile.open(path)).getMessage());
  }

  @Test
  void rejectsArrayLengthLargerThanTheFile() throws IOException {
    Path path = dir.resolve("arr.gguf");
    GgufWriter.write(path, Map.of("k", GgufValue.int32s(new int[] {1})), List.of());
    byte[] bytes = Files.readAllBytes(path);
    // Header (24) + key (8 + 1) + value type (4) + element type (4), then the count.
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(24 + 9 + 4 + 4, 1L << 40);
    Files.write(path, bytes);
    GgufFormatException e = assertThrows(GgufFormatException.class, () -> GgufFile.open(path));
    assertTrue(e.getMessage().startsWith("truncated GGUF " + path + ": array 'k' claims 1099511627776 elements"), e.getMessage());
  }

  @Test
  void rejectsMisalignedTensorOffset() throws IOException {
    Path path = dir.resolve("mis.gguf");
    GgufWriter.write(path, Map.of(), List.of(TensorPayload.of("w", new long[] {32}, GgmlType.Q8_0, new byte[34])));
    byte[] bytes = Files.readAllBytes(path);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(24 + 9 + 4 + 8 + 4, 3);
    Files.write(path, bytes);
    assertEquals("corrupt GGUF " + path + ": tensor 'w' offset 3 is not a multiple of the alignment 32",
        assertThrows(GgufFormatException.class, () -> GgufFile.open(path)).getMessage());
  }

  @Test
  void reportsAMissingFileByPath() {
    Path missing = dir.resolve("nope.gguf");
    assertEquals("model file not found or not a regular file: " + missing.toAbsolutePath(),
        assertThrows(GgufFormatException.class, () -> GgufFile.open(missing)).getMessage());
  }
}
