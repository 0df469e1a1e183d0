package io.veritas.chain.txpool;

import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pool's transactions by sender, each list in nonce order, as {@code txpool_content} reports them.
 * The maps are sorted by address; maps and lists are unmodifiable copies.
 */
public record TxPoolContent(Map<Address, List<Transaction>> pending, Map<Address, List<Transaction>> queued) {
  public TxPoolContent {
    pending = copy(pending);
    queued = copy(queued);
  }

  private static Map<Address, List<Transaction>> copy(Map<Address, List<Transaction>> source) {
    TreeMap<Address, List<Transaction>> sorted = new TreeMap<>();
    source.forEach((account, txs) -> sorted.put(account, List.copyOf(txs)));
    return Collections.unmodifiableMap(sorted);
  }
}
