package io.veritas.chain.txpool;

import static io.veritas.chain.txpool.TestTransactions.GWEI;
import static io.veritas.chain.txpool.TestTransactions.key;
import static io.veritas.chain.txpool.TestTransactions.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TransactionPoolBlockCommittedTest {
  private static final UInt256 ONE_ETH = UInt256.valueOf(1_000_000_000_000_000_000L);
  private static final UInt256 BASE_FEE = UInt256.valueOf(GWEI);
  /** 21000 gas × 3 gwei, the cost of a default test transfer. */
  private static final long TRANSFER_COST = 21_000L * 3 * GWEI;

  private final KeyPair alice = key(1);
  private final KeyPair bob = key(2);
  private final InMemoryAccounts accounts =
      new InMemoryAccounts().set(alice.address(), 0, ONE_ETH).set(bob.address(), 0, ONE_ETH);
  private final TransactionPool pool = new TransactionPool(TxPoolConfig.builder(7357).build(), accounts, BASE_FEE);
  private final List<Transaction> announced = new ArrayList<>();

  {
    pool.addListener(announced::add);
  }

  /** The state after a block: a fresh reader, as the node would hand over. */
  private InMemoryAccounts after(long aliceNonce, UInt256 aliceBalance) {
    return new InMemoryAccounts().set(alice.address(), aliceNonce, aliceBalance).set(bob.address(), 0, ONE_ETH);
  }

  @Test
  void dropsIncludedTransactionsAndKeepsTheRestPending() {
    Transaction a0 = tx(0).signedBy(alice);
    Transaction a1 = tx(1).signedBy(alice);
    Transaction a2 = tx(2).signedBy(alice);
    pool.addAll(List.of(a0, a1, a2));
    pool.onBlockCommitted(List.of(a0, a1), after(2, ONE_ETH), BASE_FEE);
    assertEquals(1, pool.size());
    assertFalse(pool.contains(a0.hash()));
    assertFalse(pool.contains(a1.hash()));
    assertEquals(new TxPoolStatus(1, 0, a2.size()), pool.status());
    assertEquals(3, pool.pendingNonce(alice.address()));
    assertEquals(List.of(a2), pool.selectForBlock(BASE_FEE, 30_000_000, 100));
  }

  @Test
  void dropsAPooledTransactionWhoseNonceAnotherTransactionUsed() {
    Transaction pooled = tx(0).signedBy(alice);
    Transaction competing = tx(0).tip(2 * GWEI).signedBy(alice);
    pool.add(pooled);
    pool.onBlockCommitted(List.of(competing), after(1, ONE_ETH), BASE_FEE);
    assertEquals(0, pool.size());
    assertEquals(new TxPoolStatus(0, 0, 0), pool.status());
  }

  @Test
  void promotesQueuedTransactionsWhenTheAccountNonceReachesThem() {
    Transaction a2 = tx(2).signedBy(alice);
    Transaction a3 = tx(3).signedBy(alice);
    pool.addAll(List.of(a2, a3));
    assertEquals(new TxPoolStatus(0, 2, a2.size() + a3.size()), pool.status());
    assertEquals(List.of(), announced);
    // Nonces 0 and 1 were included from another node's pool.
    pool.onBlockCommitted(List.of(tx(0).signedBy(alice), tx(1).signedBy(alice)), after(2, ONE_ETH), BASE_FEE);
    assertEquals(new TxPoolStatus(2, 0, a2.size() + a3.size()), pool.status());
    assertEquals(List.of(a2, a3), announced);
  }

  @Test
  void dropsWhatTheNewBalanceCannotPayAndDemotesTheNoncesAfterIt() {
    Transaction a0 = tx(0).signedBy(alice);
    Transaction a1 = tx(1).value(UInt256.valueOf(2 * TRANSFER_COST)).signedBy(alice);
    Transaction a2 = tx(2).signedBy(alice);
    Transaction a3 = tx(3).signedBy(alice);
    pool.addAll(List.of(a0, a1, a2, a3));
    assertEquals(new TxPoolStatus(4, 0, a0.size() + a1.size() + a2.size() + a3.size()), pool.status());
    // After a0, Alice's balance pays two plain transfers: a2 and a3 fit, a1 (which also sends that much) does not.
    pool.onBlockCommitted(List.of(a0), after(1, UInt256.valueOf(2 * TRANSFER_COST)), BASE_FEE);
    assertFalse(pool.contains(a1.hash()));
    assertTrue(pool.contains(a2.hash()) && pool.contains(a3.hash()));
    assertEquals(new TxPoolStatus(0, 2, a2.size() + a3.size()), pool.status());
    assertEquals(1, pool.pendingNonce(alice.address()));
    assertEquals(List.of(), pool.selectForBlock(BASE_FEE, 30_000_000, 100));
  }

  @Test
  void rechecksSendersOutsideTheBlockLazily() {
    Transaction a0 = tx(0).signedBy(alice);
    pool.add(a0);
    InMemoryAccounts poorer = after(0, UInt256.ZERO);
    pool.onBlockCommitted(List.of(), poorer, BASE_FEE);
    assertEquals(0, poorer.reads.get());
    assertEquals(1, pool.size());
    assertEquals(List.of(), pool.selectForBlock(BASE_FEE, 30_000_000, 100));
    assertEquals(2, poorer.reads.get());
    assertEquals(0, pool.size());
  }

  @Test
  void selectionReadsTheStateOnlyOfSendersItReaches() {
    Transaction a0 = tx(0).tip(2 * GWEI).signedBy(alice);
    pool.addAll(List.of(a0, tx(0).signedBy(bob)));
    InMemoryAccounts next = after(0, ONE_ETH);
    pool.onBlockCommitted(List.of(), next, BASE_FEE);
    assertEquals(List.of(a0), pool.selectForBlock(BASE_FEE, 30_000_000, 1));
    // Alice's nonce and balance; Bob never reached the top.
    assertEquals(2, next.reads.get());
  }

  @Test
  void pendingNonceRereadsAStaleSender() {
    pool.addAll(List.of(tx(0).signedBy(alice), tx(1).signedBy(alice)));
    // A block this pool did not see the contents of (e.g. while syncing) used both nonces.
    pool.onBlockCommitted(List.of(), after(2, ONE_ETH), BASE_FEE);
    assertEquals(2, pool.pendingNonce(alice.address()));
    assertEquals(0, pool.size());
  }

  @Test
  void usesTheNewStateForAdmission() {
    pool.onBlockCommitted(List.of(), after(5, ONE_ETH), BASE_FEE);
    assertEquals(
        new AddResult.Rejected(
            RejectReason.NONCE_TOO_LOW,
            "nonce too low: account " + alice.address().toHexString() + " has nonce 5, transaction has 4"),
        pool.add(tx(4).signedBy(alice)));
  }

  @Test
  void usesTheNewBaseFee() {
    UInt256 fee = UInt256.valueOf(7 * GWEI);
    pool.onBlockCommitted(List.of(), accounts, fee);
    assertEquals(fee, pool.baseFee());
  }

  @Test
  void keepsTheSenderStateCachedBetweenBlocks() {
    pool.add(tx(0).signedBy(alice));
    int reads = accounts.reads.get();
    pool.add(tx(1).signedBy(alice));
    assertEquals(2, pool.pendingNonce(alice.address()));
    assertEquals(reads, accounts.reads.get());
  }
}
