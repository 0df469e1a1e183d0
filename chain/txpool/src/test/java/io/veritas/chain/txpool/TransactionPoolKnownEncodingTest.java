package io.veritas.chain.txpool;

import static io.veritas.chain.txpool.TestTransactions.GWEI;
import static io.veritas.chain.txpool.TestTransactions.key;
import static io.veritas.chain.txpool.TestTransactions.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.Transaction;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/** Admission with the encoding and hash the caller already has (eth_sendRawTransaction's raw bytes). */
class TransactionPoolKnownEncodingTest {
  private static final UInt256 TEN_ETH = UInt256.valueOf(10).multiply(UInt256.valueOf(1_000_000_000_000_000_000L));

  private final KeyPair alice = key(1);
  private final TransactionPool pool =
      new TransactionPool(
          TxPoolConfig.builder(7357).build(), new InMemoryAccounts().set(alice.address(), 0, TEN_ETH), UInt256.valueOf(GWEI));

  @Test
  void admitsUnderTheGivenHashAndCountsTheGivenEncodingsSize() {
    Transaction tx = tx(0).signedBy(alice);
    assertEquals(new AddResult.Added(tx.hash(), true), pool.add(tx, tx.encoded(), tx.hash()));
    assertEquals(tx, pool.get(tx.hash()).orElseThrow());
    assertEquals(tx.size(), pool.bytes());
  }

  @Test
  void recognisesTheSameTransactionAddedEitherWay() {
    Transaction tx = tx(0).signedBy(alice);
    pool.add(tx);
    assertEquals(
        new AddResult.Rejected(RejectReason.ALREADY_KNOWN, "already known: transaction " + tx.hash().toHexString()),
        pool.add(tx, tx.encoded(), tx.hash()));
    assertEquals(1, pool.size());
  }

  @Test
  void appliesTheStatelessRulesToTheGivenEncodingsSize() {
    TransactionPool tiny =
        new TransactionPool(
            TxPoolConfig.builder(7357).maxTransactionSize(50).build(),
            new InMemoryAccounts().set(alice.address(), 0, TEN_ETH),
            UInt256.valueOf(GWEI));
    Transaction tx = tx(0).signedBy(alice);
    assertEquals(
        new AddResult.Rejected(
            RejectReason.OVERSIZED, "oversized transaction: " + tx.size() + " bytes, the limit is 50"),
        tiny.add(tx, tx.encoded(), tx.hash()));
  }
}
