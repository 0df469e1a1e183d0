package io.veritas.chain.txpool;

import static io.veritas.chain.txpool.TestTransactions.GWEI;
import static io.veritas.chain.txpool.TestTransactions.key;
import static io.veritas.chain.txpool.TestTransactions.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.Transaction;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TransactionPoolEvictionTest {
  private static final UInt256 ONE_ETH = UInt256.valueOf(1_000_000_000_000_000_000L);
  private static final long MAX_FEE = 100 * GWEI;

  private final KeyPair alice = key(1);
  private final KeyPair bob = key(2);
  private final KeyPair carol = key(3);
  private final KeyPair dave = key(4);
  private final InMemoryAccounts accounts = new InMemoryAccounts();

  {
    for (KeyPair k : List.of(alice, bob, carol, dave)) {
      accounts.set(k.address(), 0, ONE_ETH);
    }
  }

  private TransactionPool poolOf(int maxTransactions) {
    return new TransactionPool(
        TxPoolConfig.builder(7357).maxTransactions(maxTransactions).build(), accounts, UInt256.valueOf(GWEI));
  }

  private static Transaction paying(KeyPair key, long nonce, long tipGwei) {
    return tx(nonce).tip(tipGwei * GWEI).maxFee(MAX_FEE).signedBy(key);
  }

  @Test
  void fullPoolEvictsTheCheapestTransactionForOnePayingMore() {
    TransactionPool pool = poolOf(3);
    Transaction a = paying(alice, 0, 2);
    Transaction b = paying(bob, 0, 3);
    Transaction c = paying(carol, 0, 4);
    pool.addAll(List.of(a, b, c));
    Transaction d = paying(dave, 0, 5);
    assertEquals(new AddResult.Added(d.hash(), true), pool.add(d));
    assertEquals(3, pool.size());
    assertFalse(pool.contains(a.hash()));
    assertTrue(pool.contains(b.hash()) && pool.contains(c.hash()) && pool.contains(d.hash()));
    assertEquals(b.size() + c.size() + d.size(), pool.bytes());
  }

  @Test
  void fullPoolRejectsATransactionPayingNoMoreThanTheCheapest() {
    TransactionPool pool = poolOf(3);
    Transaction a = paying(alice, 0, 2);
    Transaction b = paying(bob, 0, 3);
    Transaction c = paying(carol, 0, 4);
    pool.addAll(List.of(a, b, c));
    long bytes = a.size() + b.size() + c.size();
    assertEquals(
        new AddResult.Rejected(
            RejectReason.POOL_FULL,
            "transaction pool is full (3 transactions, "
                + bytes
                + " bytes): effective tip 2000000000 at base fee 1000000000 is not above that of the cheapest"
                + " evictable transactions"),
        pool.add(paying(dave, 0, 2)));
    assertEquals(3, pool.size());
  }

  @Test
  void evictsFromTheTailOfTheCheapestSenderNeverItsLowerNonce() {
    TransactionPool pool = poolOf(3);
    // Alice's nonce 0 pays least, but her nonce 1 (her tail) pays most: evicting nonce 0 would strand nonce 1.
    Transaction a0 = paying(alice, 0, 1);
    Transaction a1 = paying(alice, 1, 9);
    Transaction b0 = paying(bob, 0, 3);
    pool.addAll(List.of(a0, a1, b0));
    assertEquals(RejectReason.POOL_FULL, ((AddResult.Rejected) pool.add(paying(carol, 0, 2))).reason());

    Transaction c0 = paying(carol, 0, 4);
    assertTrue(pool.add(c0).accepted());
    assertFalse(pool.contains(b0.hash()));
    assertTrue(pool.contains(a0.hash()) && pool.contains(a1.hash()));
  }

  @Test
  void evictingASendersTailWalksDownItsNonces() {
    TransactionPool pool = poolOf(3);
    Transaction a0 = paying(alice, 0, 2);
    Transaction a1 = paying(alice, 1, 2);
    Transaction b0 = paying(bob, 0, 8);
    pool.addAll(List.of(a0, a1, b0));
    Transaction c0 = paying(carol, 0, 5);
    Transaction d0 = paying(dave, 0, 5);
    assertTrue(pool.add(c0).accepted());
    assertTrue(pool.add(d0).accepted());
    assertEquals(3, pool.size());
    assertFalse(pool.contains(a0.hash()));
    assertFalse(pool.contains(a1.hash()));
    assertEquals(new TxPoolStatus(3, 0, b0.size() + c0.size() + d0.size()), pool.status());
  }

  @Test
  void aSenderNeverEvictsItsOwnTransactionsToMakeRoom() {
    TransactionPool pool = poolOf(2);
    pool.addAll(List.of(paying(alice, 0, 1), paying(alice, 1, 1)));
    assertEquals(RejectReason.POOL_FULL, ((AddResult.Rejected) pool.add(paying(alice, 2, 50))).reason());
  }

  @Test
  void fullPoolByBytesEvictsAsManyCheapTransactionsAsTheNewOneNeeds() {
    Transaction a = tx(0).tip(2 * GWEI).maxFee(MAX_FEE).data(Bytes.repeat((byte) 1, 300)).gasLimit(100_000).signedBy(alice);
    Transaction b = tx(0).tip(3 * GWEI).maxFee(MAX_FEE).data(Bytes.repeat((byte) 1, 300)).gasLimit(100_000).signedBy(bob);
    Transaction c = tx(0).tip(9 * GWEI).maxFee(MAX_FEE).data(Bytes.repeat((byte) 1, 300)).gasLimit(100_000).signedBy(carol);
    // Needs more room than the cheapest one frees: both a and b go.
    Transaction d = tx(0).tip(4 * GWEI).maxFee(MAX_FEE).data(Bytes.repeat((byte) 1, 500)).gasLimit(100_000).signedBy(dave);
    long maxBytes = a.size() + b.size() + c.size();
    TransactionPool pool =
        new TransactionPool(
            TxPoolConfig.builder(7357).maxBytes(maxBytes).maxTransactionSize((int) maxBytes).build(),
            accounts,
            UInt256.valueOf(GWEI));
    pool.addAll(List.of(a, b, c));
    assertEquals(maxBytes, pool.bytes());
    assertEquals(new AddResult.Added(d.hash(), true), pool.add(d));
    assertEquals(List.of(false, false, true, true), List.of(pool.contains(a.hash()), pool.contains(b.hash()), pool.contains(c.hash()), pool.contains(d.hash())));
    assertEquals(c.size() + d.size(), pool.bytes());
  }

  @Test
  void fullPoolByBytesRejectsWhenTheRoomWouldCostAPricierTransaction() {
    Transaction a = tx(0).tip(2 * GWEI).maxFee(MAX_FEE).data(Bytes.repeat((byte) 1, 300)).gasLimit(100_000).signedBy(alice);
    Transaction b = tx(0).tip(6 * GWEI).maxFee(MAX_FEE).data(Bytes.repeat((byte) 1, 300)).gasLimit(100_000).signedBy(bob);
    Transaction d = tx(0).tip(4 * GWEI).maxFee(MAX_FEE).data(Bytes.repeat((byte) 1, 500)).gasLimit(100_000).signedBy(dave);
    TransactionPool pool =
        new TransactionPool(
            TxPoolConfig.builder(7357)
                .maxBytes(a.size() + b.size())
                .maxTransactionSize((int) (a.size() + b.size()))
                .build(),
            accounts,
            UInt256.valueOf(GWEI));
    pool.addAll(List.of(a, b));
    assertEquals(RejectReason.POOL_FULL, ((AddResult.Rejected) pool.add(d)).reason());
    // Nothing was evicted by the failed attempt.
    assertTrue(pool.contains(a.hash()) && pool.contains(b.hash()));
  }

  @Test
  void evictionRanksByEffectiveTipAtTheCurrentBaseFee() {
    TransactionPool pool = poolOf(2);
    // At base fee 1 gwei: x tips 5, y tips 3. At base fee 4 gwei: x tips min(5, 6 - 4) = 2, y still 3.
    Transaction x = tx(0).tip(5 * GWEI).maxFee(6 * GWEI).signedBy(alice);
    Transaction y = tx(0).tip(3 * GWEI).maxFee(10 * GWEI).signedBy(bob);
    pool.addAll(List.of(x, y));
    pool.onBlockCommitted(List.of(), accounts, UInt256.valueOf(4 * GWEI));
    Transaction z = tx(0).tip(GWEI * 5 / 2).maxFee(10 * GWEI).signedBy(carol);
    assertTrue(pool.add(z).accepted());
    assertFalse(pool.contains(x.hash()));
    assertTrue(pool.contains(y.hash()));
  }

  @Test
  void evictsATransactionThatCannotPayTheBaseFeeBeforeAnyPayingOne() {
    TransactionPool pool = poolOf(2);
    Transaction belowBaseFee = tx(0).tip(GWEI).maxFee(GWEI).signedBy(alice);
    Transaction paying = paying(bob, 0, 1);
    pool.addAll(List.of(belowBaseFee, paying));
    // At base fee 2 gwei the first earns min(1, 1 - 2) = -1 gwei: it pays less than a tip of 1 gwei.
    pool.onBlockCommitted(List.of(), accounts, UInt256.valueOf(2 * GWEI));
    Transaction newcomer = paying(carol, 0, 1);
    assertTrue(pool.add(newcomer).accepted());
    assertFalse(pool.contains(belowBaseFee.hash()));
    assertTrue(pool.contains(paying.hash()));
  }

  @Test
  void replacementThatGrowsTheBytesEvictsOthersButNotTheSender() {
    Transaction a = tx(0).tip(2 * GWEI).maxFee(MAX_FEE).signedBy(alice);
    Transaction b = tx(0).tip(3 * GWEI).maxFee(MAX_FEE).signedBy(bob);
    Transaction bigger =
        tx(0).tip(8 * GWEI).maxFee(2 * MAX_FEE).data(Bytes.repeat((byte) 1, 100)).gasLimit(50_000).signedBy(bob);
    TransactionPool pool =
        new TransactionPool(
            TxPoolConfig.builder(7357)
                .maxBytes(a.size() + b.size())
                .maxTransactionSize((int) (a.size() + b.size()))
                .build(),
            accounts,
            UInt256.valueOf(GWEI));
    pool.addAll(List.of(a, b));
    assertEquals(new AddResult.Replaced(bigger.hash(), b.hash(), true), pool.add(bigger));
    assertFalse(pool.contains(a.hash()));
    assertEquals(1, pool.size());
    assertEquals(bigger.size(), pool.bytes());
  }
}
