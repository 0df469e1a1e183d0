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
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TransactionPoolReplacementTest {
  private final KeyPair alice = key(1);
  private final InMemoryAccounts accounts =
      new InMemoryAccounts().set(alice.address(), 0, UInt256.valueOf(1_000_000_000_000_000_000L));
  private final TransactionPool pool =
      new TransactionPool(TxPoolConfig.builder(7357).build(), accounts, UInt256.valueOf(GWEI));

  @Test
  void replacesWhenBothFeesRiseByTheBump() {
    Transaction old = tx(0).tip(GWEI).maxFee(3 * GWEI).signedBy(alice);
    Transaction replacement = tx(0).tip(1_100_000_000L).maxFee(3_300_000_000L).signedBy(alice);
    pool.add(old);
    assertEquals(new AddResult.Replaced(replacement.hash(), old.hash(), true), pool.add(replacement));
    assertEquals(Optional.empty(), pool.get(old.hash()));
    assertEquals(Optional.of(replacement), pool.get(replacement.hash()));
    assertEquals(1, pool.size());
    assertEquals(replacement.size(), pool.bytes());
    assertEquals(new TxPoolStatus(1, 0, replacement.size()), pool.status());
  }

  @Test
  void rejectsReplacementThatRaisesOnlyTheMaxFee() {
    pool.add(tx(0).tip(GWEI).maxFee(3 * GWEI).signedBy(alice));
    assertEquals(
        new AddResult.Rejected(
            RejectReason.REPLACEMENT_UNDERPRICED,
            "replacement transaction underpriced: replacing nonce 0 needs max fee at least 3300000000 and tip at"
                + " least 1100000000 (+10%), transaction has max fee 9000000000 and tip 1000000000"),
        pool.add(tx(0).tip(GWEI).maxFee(9 * GWEI).signedBy(alice)));
  }

  @Test
  void rejectsReplacementOneWeiShortOfTheBump() {
    Transaction old = tx(0).tip(GWEI).maxFee(3 * GWEI).signedBy(alice);
    pool.add(old);
    AddResult result = pool.add(tx(0).tip(1_100_000_000L).maxFee(3_299_999_999L).signedBy(alice));
    assertEquals(RejectReason.REPLACEMENT_UNDERPRICED, ((AddResult.Rejected) result).reason());
    assertEquals(Optional.of(old), pool.get(old.hash()));
  }

  @Test
  void bumpRoundsUpSoATinyFeeStillNeedsToRise() {
    TransactionPool free =
        new TransactionPool(
            TxPoolConfig.builder(7357).minPriorityFee(UInt256.ZERO).build(), accounts, UInt256.ZERO);
    free.add(tx(0).tip(1).maxFee(1).signedBy(alice));
    assertEquals(
        new AddResult.Rejected(
            RejectReason.REPLACEMENT_UNDERPRICED,
            "replacement transaction underpriced: replacing nonce 0 needs max fee at least 2 and tip at least 2"
                + " (+10%), transaction has max fee 1 and tip 1"),
        free.add(tx(0).tip(1).maxFee(1).value(UInt256.ONE).signedBy(alice)));
  }

  @Test
  void replacingAQueuedTransactionKeepsItQueued() {
    Transaction old = tx(3).signedBy(alice);
    Transaction replacement = tx(3).tip(2 * GWEI).maxFee(6 * GWEI).signedBy(alice);
    pool.add(old);
    assertEquals(new AddResult.Replaced(replacement.hash(), old.hash(), false), pool.add(replacement));
    assertEquals(new TxPoolStatus(0, 1, replacement.size()), pool.status());
  }

  @Test
  void fundsCheckOfAReplacementExcludesTheTransactionItReplaces() {
    // The balance pays for exactly one transfer at the replacement's max fee.
    accounts.set(alice.address(), 0, UInt256.valueOf(21_000L * 4 * GWEI));
    pool.add(tx(0).tip(GWEI).maxFee(3 * GWEI).signedBy(alice));
    Transaction replacement = tx(0).tip(2 * GWEI).maxFee(4 * GWEI).signedBy(alice);
    assertTrue(pool.add(replacement).accepted());
    assertEquals(Optional.of(replacement), pool.get(replacement.hash()));
  }

  @Test
  void replacementOfAPendingTransactionIsAnnounced() {
    List<Transaction> announced = new ArrayList<>();
    pool.addListener(announced::add);
    Transaction old = tx(0).signedBy(alice);
    Transaction replacement = tx(0).tip(2 * GWEI).maxFee(6 * GWEI).signedBy(alice);
    pool.add(old);
    pool.add(replacement);
    assertEquals(List.of(old, replacement), announced);
  }
}
