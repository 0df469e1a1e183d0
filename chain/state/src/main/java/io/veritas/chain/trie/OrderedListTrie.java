package io.veritas.chain.trie;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * The root of a list committed as a trie keyed by RLP(index): Ethereum's transactionsRoot and receiptsRoot
 * (yellow paper 4.3.2). Items are the already-encoded list elements (a typed transaction's envelope bytes, a
 * receipt's encoding).
 */
public final class OrderedListTrie {
  private OrderedListTrie() {}

  /** The root of {@code items}; the empty list has {@link MerklePatriciaTrie#EMPTY_TRIE_ROOT}. */
  public static Bytes32 root(List<Bytes> items) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    for (int i = 0; i < items.size(); i++) {
      Bytes item = items.get(i);
      if (item.isEmpty()) {
        throw new IllegalArgumentException("list item " + i + " is empty; an encoded item is never empty");
      }
      trie.put(RLP.encodeInt(i), item);
    }
    return trie.rootHash();
  }
}
