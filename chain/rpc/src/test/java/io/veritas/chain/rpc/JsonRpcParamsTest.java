package io.veritas.chain.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonRpcParamsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonRpcParams params(String json) throws Exception {
    return new JsonRpcParams(MAPPER.readTree(json), MAPPER);
  }

  private static String failure(JsonRpcParams params, ThrowingRead read) {
    JsonRpcException e = assertThrows(JsonRpcException.class, () -> read.run(params));
    assertEquals(JsonRpcException.INVALID_PARAMS, e.code());
    return e.getMessage();
  }

  @FunctionalInterface
  interface ThrowingRead {
    void run(JsonRpcParams params) throws JsonRpcException;
  }

  @ParameterizedTest
  @CsvSource({"0x0,0", "0x1a,26", "0xFF,255", "0X10,16", "0x7fffffffffffffff,9223372036854775807"})
  void readsQuantitiesAsLongs(String hex, long expected) throws Exception {
    assertEquals(expected, params("[\"" + hex + "\"]").quantityLong(0, "nonce"));
  }

  @ParameterizedTest
  @CsvSource({"0x", "0x00", "0x01", "1a", "0xg1", "''", "0x１"})
  void rejectsMalformedQuantities(String hex) throws Exception {
    assertEquals("invalid params: param 0 (nonce) must be a hex quantity (0x-prefixed, no leading zeros, e.g. 0x1a), got '" + hex + "'",
        failure(params("[\"" + hex + "\"]"), p -> p.quantityLong(0, "nonce")));
  }

  @Test
  void rejectsQuantitiesBeyondTheirWidth() throws Exception {
    assertEquals("invalid params: param 0 (gas) must be a hex quantity of at most 63 bits, got '0x10000000000000000'",
        failure(params("[\"0x10000000000000000\"]"), p -> p.quantityLong(0, "gas")));
    String tooBig = "0x1" + "0".repeat(64);
    assertEquals("invalid params: param 0 (value) must be a hex quantity of at most 256 bits, got '" + tooBig + "'",
        failure(params("[\"" + tooBig + "\"]"), p -> p.quantityBig(0, "value")));
  }

  @Test
  void readsBigQuantitiesUpTo256Bits() throws Exception {
    String max = "0x" + "f".repeat(64);
    assertEquals(BigInteger.TWO.pow(256).subtract(BigInteger.ONE), params("[\"" + max + "\"]").quantityBig(0, "value"));
    assertEquals(new BigInteger("1000000000000000000"), params("[\"0xde0b6b3a7640000\"]").quantityBig(0, "value"));
  }

  @Test
  void readsHexData() throws Exception {
    assertArrayEquals(new byte[] {0x01, (byte) 0xab}, params("[\"0x01AB\"]").hexBytes(0, "data"));
    assertArrayEquals(new byte[0], params("[\"0x\"]").hexBytes(0, "data"));
    assertEquals("invalid params: param 0 (data) must be 0x-prefixed hex data with an even number of digits, got '0x123'",
        failure(params("[\"0x123\"]"), p -> p.hexBytes(0, "data")));
  }

  @Test
  void checksFixedLengthData() throws Exception {
    String address = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    assertEquals(20, params("[\"" + address + "\"]").hexBytes(0, "address", 20).length);
    assertEquals("invalid params: param 1 (address) must be a 0x-prefixed hex string of 40 digits, got 'abc'",
        failure(params("[\"latest\", \"abc\"]"), p -> p.hexBytes(1, "address", 20)));
  }

  @Test
  void quotesLongValuesShortened() throws Exception {
    String message = failure(params("[\"" + "z".repeat(500) + "\"]"), p -> p.hexBytes(0, "data"));
    assertEquals("invalid params: param 0 (data) must be 0x-prefixed hex data with an even number of digits, got '"
        + "z".repeat(79) + "...(502 chars)", message);
  }

  @Test
  void readsStringsBooleansAndObjects() throws Exception {
    JsonRpcParams p = params("[\"latest\", true, {\"to\":\"0x01\"}, null]");
    assertEquals("latest", p.string(0, "block"));
    assertEquals(true, p.bool(1, "fullTransactions"));
    assertEquals("0x01", p.object(2, "call").get("to").textValue());
    assertEquals(Optional.empty(), p.optionalString(3, "unused"));
    assertEquals(Optional.empty(), p.optionalQuantityLong(9, "absent"));
    assertEquals(4, p.paramCount());
    assertEquals("invalid params: param 0 (block) must be a boolean (true or false), got 'latest'",
        failure(p, q -> q.bool(0, "block")));
    assertEquals("invalid params: param 1 (call) must be a JSON object, got true", failure(p, q -> q.object(1, "call")));
    assertEquals("invalid params: param 2 (name) must be a string, got {\"to\":\"0x01\"}", failure(p, q -> q.string(2, "name")));
    assertEquals("invalid params: missing param 3 (required)", failure(p, q -> q.required(3, "required")));
    assertEquals("invalid params: too many params, want at most 2, got 4", failure(p, q -> q.expectAtMost(2)));
  }

  record Call(String to, String data) {}

  @Test
  void bindsObjectsToRecords() throws Exception {
    JsonRpcParams p = params("[{\"to\":\"0x01\",\"data\":\"0x\"}, {\"to\":\"0x01\",\"gass\":\"0x1\"}]");
    assertEquals(new Call("0x01", "0x"), p.object(0, "call", Call.class));
    String message = failure(p, q -> q.object(1, "call", Call.class));
    assertEquals(true, message.startsWith("invalid params: param 1 (call) is not a valid call: Unrecognized field \"gass\""), message);
  }

  @Test
  void readsByNameParamsByName() throws Exception {
    JsonRpcParams p = params("{\"b\":\"0x2\",\"a\":\"0x1\"}");
    assertEquals(1, p.quantityLong(0, "a"));
    assertEquals(2, p.quantityLong(1, "b"));
  }

  @Test
  void formatsQuantitiesAndData() {
    assertEquals("0x0", EthereumHex.quantity(0));
    assertEquals("0x1a", EthereumHex.quantity(26));
    assertEquals("0xde0b6b3a7640000", EthereumHex.quantity(new BigInteger("1000000000000000000")));
    assertEquals("0x", EthereumHex.data(new byte[0]));
    assertEquals("0x00ff", EthereumHex.data(new byte[] {0, (byte) 0xff}));
    assertThrows(IllegalArgumentException.class, () -> EthereumHex.quantity(-1));
  }
}
