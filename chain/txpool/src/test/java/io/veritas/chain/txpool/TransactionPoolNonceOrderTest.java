package io.veritas.chain.txpool;

import static io.veritas.chain.txpool.TestTransactions.GWEI;
import static io.veritas.chain.txpool.TestTransactions.key;
import static io.veritas.chain.txpool.TestTransactions.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TransactionPoolNonceOrderTest {
  private static final UInt256 ONE_ETH = UInt256.valueOf(1_000_000_000_000_000_000L);

  private final KeyPair alice = key(1);
  private final KeyPair bob = key(2);
  private final InMemoryAccounts accounts =
      new InMemoryAccounts().set(alice.address(), 0, ONE_ETH).set(bob.address(), 4, ONE_ETH);
  private final TransactionPool pool =
      new TransactionPool(TxPoolConfig.builder(7357).build(), accounts, UInt256.valueOf(GWEI));
  private final List<Transaction> announced = new ArrayList<>();

  {
    pool.addListener(announced::add);
  }

  @Test
  void contiguousNoncesFromTheAccountNonceArePending() {
    Transaction t4 = tx(4).signedBy(bob);
    Transaction t5 = tx(5).signedBy(bob);
    assertEquals(new AddResult.Added(t4.hash(), true), pool.add(t4));
    assertEquals(new AddResult.Added(t5.hash(), true), pool.add(t5));
    assertEquals(new TxPoolStatus(2, 0, t4.size() + t5.size()), pool.status());
    assertEquals(List.of(t4, t5), announced);
  }

  @Test
  void nonceAfterAGapIsQueuedAndPromotedWhenTheGapFills() {
    Transaction t0 = tx(0).signedBy(alice);
    Transaction t1 = tx(1).signedBy(alice);
    Transaction t2 = tx(2).signedBy(alice);
    Transaction t3 = tx(3).signedBy(alice);
    assertEquals(new AddResult.Added(t0.hash(), true), pool.add(t0));
    assertEquals(new AddResult.Added(t2.hash(), false), pool.add(t2));
    assertEquals(new AddResult.Added(t3.hash(), false), pool.add(t3));
    assertEquals(1, pool.status().pending());
    assertEquals(2, pool.status().queued());
    assertEquals(List.of(t0), announced);

    assertEquals(new AddResult.Added(t1.hash(), true), pool.add(t1));
    assertEquals(4, pool.status().pending());
    assertEquals(0, pool.status().queued());
    assertEquals(List.of(t0, t1, t2, t3), announced);
  }

  @Test
  void pendingNonceIsTheAccountNoncePlusContiguousPendingTransactions() {
    assertEquals(4, pool.pendingNonce(bob.address()));
    pool.add(tx(4).signedBy(bob));
    pool.add(tx(5).signedBy(bob));
    pool.add(tx(7).signedBy(bob));
    assertEquals(6, pool.pendingNonce(bob.address()));
    assertEquals(0, pool.pendingNonce(alice.address()));
    assertEquals(0, pool.pendingNonce(key(99).address()));
  }

  @Test
  void contentGroupsPendingAndQueuedBySenderInNonceOrder() {
    Transaction a1 = tx(1).signedBy(alice);
    Transaction a0 = tx(0).signedBy(alice);
    Transaction a3 = tx(3).signedBy(alice);
    Transaction b6 = tx(6).signedBy(bob);
    Transaction b4 = tx(4).signedBy(bob);
    pool.addAll(List.of(a1, a3, b6, a0, b4));
    TxPoolContent content = pool.content();
    assertEquals(Map.of(alice.address(), List.of(a0, a1), bob.address(), List.of(b4)), content.pending());
    assertEquals(Map.of(alice.address(), List.of(a3), bob.address(), List.of(b6)), content.queued());
    List<Transaction> expectedPending =
        alice.address().compareTo(bob.address()) < 0 ? List.of(a0, a1, b4) : List.of(b4, a0, a1);
    assertEquals(expectedPending, pool.pending());
  }

  @Test
  void listenerIsToldOncePerTransactionAndAFailingListenerDoesNotStopOthers() {
    List<Transaction> second = new ArrayList<>();
    pool.addListener(
        tx -> {
          throw new IllegalStateException("subscriber gone");
        });
    pool.addListener(second::add);
    Transaction t0 = tx(0).signedBy(alice);
    assertTrue(pool.add(t0).accepted());
    pool.add(t0);
    assertEquals(List.of(t0), announced);
    assertEquals(List.of(t0), second);
  }

  @Test
  void removedListenerIsNoLongerTold() {
    List<Transaction> seen = new ArrayList<>();
    PendingTransactionListener listener = seen::add;
    pool.addListener(listener);
    pool.removeListener(listener);
    pool.add(tx(0).signedBy(alice));
    assertEquals(List.of(), seen);
  }
}
