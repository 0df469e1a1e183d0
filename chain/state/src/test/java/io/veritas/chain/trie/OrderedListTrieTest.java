package io.veritas.chain.trie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.crypto.Keccak256;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.junit.jupiter.api.Test;

class OrderedListTrieTest {

  @Test
  void emptyListHasTheEmptyRoot() {
    assertEquals(MerklePatriciaTrie.EMPTY_TRIE_ROOT, OrderedListTrie.root(List.of()));
  }

  @Test
  void singleItemIsOneLeafUnderKeyRlpOfZero() {
    Bytes item = Bytes.fromHexString("0x02f86b8201a4808405f5e100825208940000000000000000000000000000000000002000");
    // RLP(0) = 0x80: the leaf's path is the nibbles 8 0, hex-prefix encoded as 0x20 0x80.
    Bytes leaf = RLP.encodeList(w -> {
      w.writeValue(Bytes.fromHexString("0x2080"));
      w.writeValue(item);
    });
    assertEquals(Keccak256.hash(leaf), OrderedListTrie.root(List.of(item)));
  }

  @Test
  void keysAreRlpOfTheIndex() {
    List<Bytes> items = new ArrayList<>();
    MerklePatriciaTrie expected = MerklePatriciaTrie.inMemory();
    for (int i = 0; i < 300; i++) { // crosses the one-byte (0x7f) and two-byte (0xff) RLP boundaries
      Bytes item = Bytes.concatenate(Bytes.of(0xc0 + (i % 3)), Bytes.ofUnsignedInt(i));
      items.add(item);
    }
    for (int i = items.size() - 1; i >= 0; i--) {
      Bytes key = i == 0 ? Bytes.of(0x80) : i < 0x80 ? Bytes.of(i) : i < 0x100 ? Bytes.of(0x81, i)
          : Bytes.of(0x82, i >> 8, i & 0xff);
      expected.put(key, items.get(i));
    }
    assertEquals(expected.rootHash(), OrderedListTrie.root(items));
  }
}
