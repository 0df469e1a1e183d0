package io.veritas.chain.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.testing.TestVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every case of the ethereum/tests trie fixtures must give exactly the expected root. */
class EthereumTrieVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> trietest() throws IOException {
    return cases("ethereum/trietest.json", false);
  }

  @TestFactory
  Stream<DynamicTest> trieanyorder() throws IOException {
    return cases("ethereum/trieanyorder.json", false);
  }

  @TestFactory
  Stream<DynamicTest> trietestSecure() throws IOException {
    return cases("ethereum/trietest_secureTrie.json", true);
  }

  @TestFactory
  Stream<DynamicTest> trieanyorderSecure() throws IOException {
    return cases("ethereum/trieanyorder_secureTrie.json", true);
  }

  @TestFactory
  Stream<DynamicTest> hexEncodedSecure() throws IOException {
    return cases("ethereum/hex_encoded_securetrie_test.json", true);
  }

  private static Stream<DynamicTest> cases(String file, boolean secure) throws IOException {
    JsonNode root = JSON.readTree(TestVectors.path(file).toFile());
    List<DynamicTest> tests = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> test = it.next();
      Bytes32 expected = Bytes32.fromHexString(test.getValue().get("root").asText());
      List<Bytes[]> ops = operations(test.getValue().get("in"));
      tests.add(DynamicTest.dynamicTest(file + " " + test.getKey(), () -> {
        assertEquals(expected, secure ? secureRoot(ops) : plainRoot(ops));
      }));
    }
    return tests.stream();
  }

  private static Bytes32 plainRoot(List<Bytes[]> ops) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    for (Bytes[] op : ops) {
      if (op[1] == null) {
        trie.remove(op[0]);
      } else {
        trie.put(op[0], op[1]);
      }
    }
    return trie.rootHash();
  }

  private static Bytes32 secureRoot(List<Bytes[]> ops) {
    SecureTrie trie = SecureTrie.inMemory();
    for (Bytes[] op : ops) {
      if (op[1] == null) {
        trie.remove(op[0]);
      } else {
        trie.put(op[0], op[1]);
      }
    }
    return trie.rootHash();
  }

  /** "in" is either a list of [key, value] pairs applied in order or an object; a null value deletes. */
  private static List<Bytes[]> operations(JsonNode in) {
    List<Bytes[]> ops = new ArrayList<>();
    if (in.isArray()) {
      for (JsonNode pair : in) {
        ops.add(new Bytes[] {decode(pair.get(0)), decode(pair.get(1))});
      }
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = in.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        ops.add(new Bytes[] {decodeText(e.getKey()), decode(e.getValue())});
      }
    }
    return ops;
  }

  private static Bytes decode(JsonNode node) {
    return node == null || node.isNull() ? null : decodeText(node.asText());
  }

  /** The fixtures' convention: "0x"-prefixed text is hex, anything else is the UTF-8 bytes of the string. */
  private static Bytes decodeText(String text) {
    return text.startsWith("0x")
        ? Bytes.fromHexString(text)
        : Bytes.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
