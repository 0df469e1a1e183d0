package io.veritas.chain.txpool;

import static io.veritas.chain.txpool.TestTransactions.GWEI;
import static io.veritas.chain.txpool.TestTransactions.key;
import static io.veritas.chain.txpool.TestTransactions.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.Transaction;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TransactionPoolSelectionTest {
  private static final UInt256 ONE_ETH = UInt256.valueOf(1_000_000_000_000_000_000L);
  private static final UInt256 BASE_FEE = UInt256.valueOf(GWEI);
  private static final long MAX_FEE = 100 * GWEI;

  private final KeyPair alice = key(1);
  private final KeyPair bob = key(2);
  private final KeyPair carol = key(3);
  private final InMemoryAccounts accounts =
      new InMemoryAccounts().set(alice.address(), 0, ONE_ETH).set(bob.address(), 0, ONE_ETH).set(carol.address(), 0, ONE_ETH);
  private final TransactionPool pool = new TransactionPool(TxPoolConfig.builder(7357).build(), accounts, BASE_FEE);

  private static Transaction paying(KeyPair key, long nonce, long tipGwei) {
    return tx(nonce).tip(tipGwei * GWEI).maxFee(MAX_FEE).signedBy(key);
  }

  @Test
  void selectsByTipAcrossSendersKeepingEachSendersNonceOrder() {
    Transaction a0 = paying(alice, 0, 1);
    Transaction a1 = paying(alice, 1, 10);
    Transaction b0 = paying(bob, 0, 5);
    Transaction b1 = paying(bob, 1, 2);
    Transaction c0 = paying(carol, 0, 3);
    pool.addAll(List.of(a0, a1, b0, b1, c0));
    assertEquals(List.of(b0, c0, b1, a0, a1), pool.selectForBlock(BASE_FEE, 30_000_000, 100));
  }

  @Test
  void selectionLeavesThePoolUnchanged() {
    Transaction a0 = paying(alice, 0, 1);
    pool.add(a0);
    pool.selectForBlock(BASE_FEE, 30_000_000, 100);
    assertEquals(List.of(a0), pool.selectForBlock(BASE_FEE, 30_000_000, 100));
    assertEquals(1, pool.size());
  }

  @Test
  void queuedTransactionsAreNotSelected() {
    Transaction a0 = paying(alice, 0, 1);
    pool.addAll(List.of(a0, paying(alice, 2, 9), paying(bob, 1, 9)));
    assertEquals(List.of(a0), pool.selectForBlock(BASE_FEE, 30_000_000, 100));
  }

  @Test
  void ranksByEffectiveTipWhichTheMaxFeeCaps() {
    // At base fee 4 gwei: x earns min(5, 6 - 4) = 2 gwei, y earns 3 gwei.
    Transaction x = tx(0).tip(5 * GWEI).maxFee(6 * GWEI).signedBy(alice);
    Transaction y = tx(0).tip(3 * GWEI).maxFee(10 * GWEI).signedBy(bob);
    pool.addAll(List.of(x, y));
    assertEquals(List.of(x, y), pool.selectForBlock(BASE_FEE, 30_000_000, 100));
    assertEquals(List.of(y, x), pool.selectForBlock(UInt256.valueOf(4 * GWEI), 30_000_000, 100));
  }

  @Test
  void skipsTransactionsWhoseMaxFeeIsBelowTheBaseFeeAndTheirSendersLaterNonces() {
    Transaction a0 = tx(0).tip(GWEI).maxFee(2 * GWEI).signedBy(alice);
    Transaction a1 = tx(1).tip(GWEI).maxFee(50 * GWEI).signedBy(alice);
    Transaction b0 = tx(0).tip(GWEI).maxFee(3 * GWEI).signedBy(bob);
    Transaction b1 = tx(1).tip(GWEI).maxFee(2 * GWEI).signedBy(bob);
    Transaction b2 = tx(2).tip(GWEI).maxFee(50 * GWEI).signedBy(bob);
    pool.addAll(List.of(a0, a1, b0, b1, b2));
    assertEquals(List.of(b0), pool.selectForBlock(UInt256.valueOf(3 * GWEI), 30_000_000, 100));
    assertEquals(5, pool.size());
  }

  @Test
  void stopsAtTheMaximumCount() {
    pool.addAll(List.of(paying(alice, 0, 3), paying(alice, 1, 3), paying(bob, 0, 2)));
    assertEquals(2, pool.selectForBlock(BASE_FEE, 30_000_000, 2).size());
  }

  @Test
  void respectsTheGasLimitAndDropsASenderWhoseNextTransactionDoesNotFit() {
    Transaction a0 = paying(alice, 0, 9);
    Transaction a1 = tx(1).tip(8 * GWEI).maxFee(MAX_FEE).gasLimit(45_000).signedBy(alice);
    Transaction a2 = paying(alice, 2, 7);
    Transaction b0 = paying(bob, 0, 1);
    Transaction c0 = tx(0).tip(GWEI).maxFee(MAX_FEE).gasLimit(22_000).signedBy(carol);
    pool.addAll(List.of(a0, a1, a2, b0, c0));
    // After a0, 41000 of 62000 is left: a1 (45000) does not fit, and a2 must wait for a1; after b0, 20000 is
    // left and c0 (22000) does not fit.
    assertEquals(List.of(a0, b0), pool.selectForBlock(BASE_FEE, 62_000, 100));
  }

  @Test
  void equalTipsGoInArrivalOrder() {
    Transaction c0 = paying(carol, 0, 2);
    Transaction a0 = paying(alice, 0, 2);
    Transaction b0 = paying(bob, 0, 2);
    pool.add(c0);
    pool.add(a0);
    pool.add(b0);
    assertEquals(List.of(c0, a0, b0), pool.selectForBlock(BASE_FEE, 30_000_000, 100));
  }
}
