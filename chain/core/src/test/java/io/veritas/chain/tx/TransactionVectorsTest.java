package io.veritas.chain.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.testing.TestVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of ethereum/tests TransactionTests. Each case lists results per fork; we judge by the newest fork
 * the file has (Cancun where present, else Shanghai, else London — the ttWrongRLP files stop at Shanghai and two
 * ttSignature files at London), which are the rules Veritas follows. The fillers sign with chain id 1.
 */
class TransactionVectorsTest {
  private static final long VECTOR_CHAIN_ID = 1;
  private static final List<String> NEWEST_FORK_FIRST = List.of("Prague", "Cancun", "Shanghai", "Paris", "London");
  private static final ObjectMapper JSON = new ObjectMapper();

  record Case(String file, String name, Bytes txBytes, String fork, JsonNode expected) {
    @Override
    public String toString() {
      return file + " [" + fork + (expected.has("exception") ? " rejects " + expected.get("exception").asText() : " valid") + "]";
    }
  }

  static Stream<Case> cases() throws IOException {
    Path root = TestVectors.path("ethereum/TransactionTests");
    List<Case> cases = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode tests = JSON.readTree(file.toFile());
        for (Map.Entry<String, JsonNode> test : tests.properties()) {
          JsonNode result = test.getValue().get("result");
          String fork = NEWEST_FORK_FIRST.stream().filter(result::has).findFirst().orElseThrow(
              () -> new IllegalStateException("no known fork in " + file));
          cases.add(
              new Case(
                  root.relativize(file).toString(),
                  test.getKey(),
                  Bytes.fromHexString(test.getValue().get("txbytes").asText()),
                  fork,
                  result.get(fork)));
        }
      }
    }
    return cases.stream();
  }

  /**
   * Words our message must contain for each exception kind of the vectors. Kinds not listed (RLP_ERROR_SIZE:
   * a random byte inserted somewhere, which can break any field) are only required to be rejected.
   */
  private static List<String> reasonsFor(String exception) {
    if (exception.startsWith("RLP_LEADING_ZEROS") || exception.equals("RLP_ERROR_SIZE_LEADING_ZEROS")) {
      return List.of("leading zero", "single byte");
    }
    if (exception.startsWith("RLP_INVALID_ACCESS_LIST") || exception.startsWith("ADDRESS_TOO")) {
      return List.of(exception.endsWith("SHORT") ? "too short" : "too long");
    }
    return switch (exception) {
      case "INTRINSIC_GAS_TOO_LOW" -> List.of("intrinsic gas too low");
      case "INITCODE_SIZE_EXCEEDED" -> List.of("EIP-3860");
      case "GASLIMIT_PRICE_PRODUCT_OVERFLOW" -> List.of("overflows 256 bits");
      case "PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS_2" -> List.of("is above max fee per gas");
      case "NONCE_TOO_BIG" -> List.of("EIP-2681");
      case "NONCE_OVERFLOW", "GASLIMIT_OVERFLOW", "GASPRICE_OVERFLOW", "VALUE_OVERFLOW", "PRIORITY_OVERFLOW" ->
          List.of("exceeds", "leading zero");
      case "TYPE_NOT_SUPPORTED", "RLP_INVALID_HEADER", "RLP_ERROR_EOF" -> List.of("unsupported transaction type");
      case "EC_RECOVERY_FAIL" -> List.of("no public key can be recovered");
      case "INVALID_SIGNATURE_VRS" -> List.of("invalid signature", "invalid v", "exceeds 32 bytes");
      // Frontier-era vectors with an odd v also carry a high s, which EIP-2 rejects first.
      case "INVALID_CHAINID" -> List.of("chain id", "invalid v", "above secp256k1n/2");
      case "RLP_TOO_FEW_ELEMENTS" -> List.of("too few items");
      case "RLP_TOO_MANY_ELEMENTS" -> List.of("more items than expected");
      case "RLP_INVALID_NONCE", "RLP_INVALID_GASLIMIT", "RLP_INVALID_TO", "RLP_INVALID_DATA",
          "RLP_INVALID_SIGNATURE_R", "RLP_INVALID_SIGNATURE_S" -> List.of("found a list");
      default -> List.of();
    };
  }

  @Test
  void coversEveryVectorFile() throws IOException {
    assertEquals(210, cases().count());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesVector(Case c) {
    if (c.expected().has("exception")) {
      InvalidTransactionException e =
          assertThrows(
              InvalidTransactionException.class,
              () -> TransactionValidity.validate(TransactionDecoder.decode(c.txBytes()), VECTOR_CHAIN_ID),
              c.name() + " must be rejected with " + c.expected().get("exception").asText());
      String expected = c.expected().get("exception").asText().replace("TransactionException.", "");
      List<String> reasons = reasonsFor(expected);
      assertTrue(
          reasons.isEmpty() || reasons.stream().anyMatch(e.getMessage()::contains),
          "rejected for " + expected + " but the message was: " + e.getMessage());
    } else {
      Transaction tx = TransactionDecoder.decode(c.txBytes());
      TransactionValidity.validate(tx, VECTOR_CHAIN_ID);
      assertEquals(c.expected().get("sender").asText(), tx.sender().toHexString(), "sender");
      assertEquals(Bytes32.fromHexString(c.expected().get("hash").asText()), tx.hash(), "hash");
      assertEquals(Long.decode(c.expected().get("intrinsicGas").asText()), TransactionValidity.intrinsicGas(tx), "intrinsic gas");
      assertEquals(c.txBytes(), tx.encoded(), "re-encoding is byte-identical");
      assertEquals(c.txBytes().size(), tx.size());
    }
  }
}
