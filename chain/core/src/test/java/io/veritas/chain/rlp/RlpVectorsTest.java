package io.veritas.chain.rlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.testing.TestVectors;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ethereum/tests rlptest.json (encode and decode) and invalidRLPTest.json (must be rejected). */
class RlpVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Vector(String name, JsonNode in, Bytes out) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Vector> valid() throws IOException {
    return load("ethereum/rlptest.json");
  }

  static Stream<Vector> invalid() throws IOException {
    return load("ethereum/invalidRLPTest.json");
  }

  private static Stream<Vector> load(String file) throws IOException {
    JsonNode root = JSON.readTree(TestVectors.path(file).toFile());
    List<Vector> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      out.add(new Vector(e.getKey(), e.getValue().get("in"), Bytes.fromHexString(e.getValue().get("out").asText())));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "rlptest {0}")
  @MethodSource("valid")
  void encodesAndDecodesValidVector(Vector v) {
    assertEquals(v.out(), RLP.encode(w -> write(w, v.in())), "encoding");
    Object decoded = Rlp.decodeItem(v.out());
    assertEquals(expectedTree(v.in()), normalise(decoded), "decoding");
  }

  @ParameterizedTest(name = "invalidRLPTest {0}")
  @MethodSource("invalid")
  void rejectsInvalidVector(Vector v) {
    assertThrows(InvalidRlpException.class, () -> Rlp.decodeItem(v.out()));
  }

  @Test
  void coversAllVectors() throws IOException {
    assertEquals(28, valid().count());
    assertEquals(26, invalid().count());
  }

  @Test
  void rejectsTrailingBytesAfterTheItem() {
    InvalidRlpException e = assertThrows(InvalidRlpException.class, () -> Rlp.decodeItem(Bytes.fromHexString("0xc10101")));
    assertEquals("RLP item: 1 trailing bytes after the item", e.getMessage());
  }

  @Test
  void rejectsIntegerWithLeadingZeroNamingTheField() {
    InvalidRlpException e =
        assertThrows(
            InvalidRlpException.class,
            () -> Rlp.decodeList(Bytes.fromHexString("0xc3820001"), "header", r -> Rlp.readUInt64(r, "number")));
    assertEquals("number: integer has leading zero bytes (0x0001)", e.getMessage());
  }

  @Test
  void roundTripsUnsignedLongsAboveSignedRange() {
    Bytes encoded = RLP.encodeList(w -> Rlp.writeUInt64(w, -2L));
    assertEquals(Bytes.fromHexString("0xc988fffffffffffffffe"), encoded);
    assertEquals(-2L, (long) Rlp.decodeList(encoded, "test", r -> Rlp.readUInt64(r, "value")));
  }

  /** Writes a vector's "in": strings as bytes, numbers and "#digits" as minimal big-endian integers. */
  private static void write(RLPWriter w, JsonNode in) {
    if (in.isArray()) {
      w.writeList(lw -> in.forEach(item -> write(lw, item)));
    } else if (in.isNumber()) {
      w.writeBigInteger(in.bigIntegerValue());
    } else if (in.asText().startsWith("#")) {
      w.writeBigInteger(new BigInteger(in.asText().substring(1)));
    } else {
      w.writeValue(Bytes.wrap(in.asText().getBytes(StandardCharsets.ISO_8859_1)));
    }
  }

  /** The decoded tree the vector's "in" describes: lists of byte strings. */
  private static Object expectedTree(JsonNode in) {
    if (in.isArray()) {
      List<Object> items = new ArrayList<>();
      in.forEach(item -> items.add(expectedTree(item)));
      return items;
    }
    BigInteger number = in.isNumber() ? in.bigIntegerValue() : in.asText().startsWith("#") ? new BigInteger(in.asText().substring(1)) : null;
    if (number != null) {
      return number.signum() == 0 ? Bytes.EMPTY : Bytes.wrap(number.toByteArray()).trimLeadingZeros();
    }
    return Bytes.wrap(in.asText().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static Object normalise(Object decoded) {
    if (decoded instanceof List<?> list) {
      return list.stream().map(RlpVectorsTest::normalise).toList();
    }
    return Bytes.wrap(((Bytes) decoded).toArray());
  }
}
