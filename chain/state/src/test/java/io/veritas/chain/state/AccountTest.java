package io.veritas.chain.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.testing.TestVectors;
import io.veritas.chain.trie.MerklePatriciaTrie;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class AccountTest {

  @Test
  void emptyAccountEncodesAsEthereumDoes() {
    // [0x80, 0x80, 0xa0 <empty trie root>, 0xa0 <keccak("")>]
    assertEquals(
        Bytes.fromHexString("0xf8448080a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"
            + "a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
        Account.EMPTY.encode());
    assertTrue(Account.EMPTY.isEmpty());
  }

  @Test
  void decodesTheAccountsOfTheSecureTrieVectorsAndReencodesThemExactly() throws IOException {
    JsonNode root = new ObjectMapper().readTree(TestVectors.path("ethereum/hex_encoded_securetrie_test.json").toFile());
    JsonNode in = root.get("test1").get("in");
    int count = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = in.properties().iterator(); it.hasNext(); ) {
      Bytes rlp = Bytes.fromHexString(it.next().getValue().asText());
      assertEquals(rlp, Account.decode(rlp).encode());
      count++;
    }
    assertTrue(count > 0);
    Account first = Account.decode(Bytes.fromHexString(
        "0xf848018405f446a7a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"
            + "a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
    assertEquals(new Account(1, UInt256.valueOf(0x05f446a7L), MerklePatriciaTrie.EMPTY_TRIE_ROOT, Keccak256.EMPTY), first);
  }

  @Test
  void rejectsNonCanonicalEncodings() {
    // Nonce with a leading zero byte.
    Bytes leadingZero = Bytes.fromHexString("0xf84682000180a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363"
        + "b421a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThrows(IllegalArgumentException.class, () -> Account.decode(leadingZero));
    // Five fields.
    Bytes extra = Bytes.fromHexString("0xf8458080a056e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"
        + "a0c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a47080");
    assertThrows(IllegalArgumentException.class, () -> Account.decode(extra));
    assertThrows(IllegalArgumentException.class,
        () -> new Account(-1, UInt256.ZERO, Bytes32.ZERO, Bytes32.ZERO));
  }
}
