package io.veritas.chain.txpool;

import static io.veritas.chain.txpool.TestTransactions.GWEI;
import static io.veritas.chain.txpool.TestTransactions.key;
import static io.veritas.chain.txpool.TestTransactions.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.AccessListEntry;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class TransactionPoolAdmissionTest {
  private static final UInt256 TEN_ETH = UInt256.valueOf(10).multiply(UInt256.valueOf(1_000_000_000_000_000_000L));

  private final KeyPair alice = key(1);
  private final InMemoryAccounts accounts = new InMemoryAccounts().set(alice.address(), 0, TEN_ETH);
  private final TransactionPool pool =
      new TransactionPool(TxPoolConfig.builder(7357).build(), accounts, UInt256.valueOf(GWEI));

  private void assertRejected(Transaction tx, RejectReason reason, String message) {
    assertEquals(new AddResult.Rejected(reason, message), pool.add(tx));
    assertEquals(0, pool.size());
  }

  @Test
  void acceptsDynamicFeeTransferAsPending() {
    Transaction tx = tx(0).signedBy(alice);
    assertEquals(new AddResult.Added(tx.hash(), true), pool.add(tx));
    assertEquals(tx, pool.get(tx.hash()).orElseThrow());
    assertEquals(1, pool.size());
    assertEquals(tx.size(), pool.bytes());
  }

  @Test
  void acceptsLegacyTransactionWithReplayProtection() {
    Transaction tx = tx(0).gasPrice(2 * GWEI).legacySignedBy(alice);
    assertEquals(new AddResult.Added(tx.hash(), true), pool.add(tx));
  }

  @Test
  void rejectsTransactionWithWrongChainId() {
    assertRejected(
        tx(0).chainId(1).signedBy(alice),
        RejectReason.INVALID_CHAIN_ID,
        "invalid chain id: transaction has 1, this chain is 7357");
  }

  @Test
  void rejectsLegacyTransactionWithWrongChainId() {
    assertRejected(
        tx(0).chainId(5).legacySignedBy(alice),
        RejectReason.INVALID_CHAIN_ID,
        "invalid chain id: transaction has 5, this chain is 7357");
  }

  @Test
  void rejectsLegacyTransactionWithoutReplayProtection() {
    assertRejected(
        tx(0).unprotectedSignedBy(alice),
        RejectReason.MISSING_CHAIN_ID,
        "transaction without replay protection (EIP-155) is not accepted");
  }

  @Test
  void rejectsNonceTooLow() {
    accounts.set(alice.address(), 7, TEN_ETH);
    assertRejected(
        tx(5).signedBy(alice),
        RejectReason.NONCE_TOO_LOW,
        "nonce too low: account " + alice.address().toHexString() + " has nonce 7, transaction has 5");
  }

  @Test
  void rejectsNonceTooFarInTheFutureButQueuesTheLastAllowedOne() {
    accounts.set(alice.address(), 3, TEN_ETH);
    assertRejected(
        tx(68).signedBy(alice),
        RejectReason.NONCE_TOO_HIGH,
        "nonce too far in the future: account "
            + alice.address().toHexString()
            + " has next nonce 3, transaction has 68; the pool queues nonces up to 67");
    Transaction lastAllowed = tx(67).signedBy(alice);
    assertEquals(new AddResult.Added(lastAllowed.hash(), false), pool.add(lastAllowed));
  }

  @Test
  void nonceGapIsMeasuredFromTheNextExpectedNonce() {
    pool.addAll(List.of(tx(0).signedBy(alice), tx(1).signedBy(alice)));
    Transaction atGap = tx(66).signedBy(alice);
    assertEquals(new AddResult.Added(atGap.hash(), false), pool.add(atGap));
  }

  @Test
  void rejectsNonceAtOrAbove2To63AsTooFarInTheFuture() {
    assertRejected(
        tx(Long.MIN_VALUE).signedBy(alice),
        RejectReason.NONCE_TOO_HIGH,
        "nonce too far in the future: account "
            + alice.address().toHexString()
            + " has next nonce 0, transaction has 9223372036854775808; the pool queues nonces up to 64");
  }

  @Test
  void rejectsInsufficientFunds() {
    accounts.set(alice.address(), 0, UInt256.valueOf(1000));
    assertRejected(
        tx(0).maxFee(GWEI).signedBy(alice),
        RejectReason.INSUFFICIENT_FUNDS,
        "insufficient funds for gas * price + value: balance 1000, cost 21000000000000");
  }

  @Test
  void insufficientFundsCountsTheValue() {
    accounts.set(alice.address(), 0, UInt256.valueOf(21_000_000_000_000L));
    assertRejected(
        tx(0).maxFee(GWEI).value(UInt256.ONE).signedBy(alice),
        RejectReason.INSUFFICIENT_FUNDS,
        "insufficient funds for gas * price + value: balance 21000000000000, cost 21000000000001");
  }

  @Test
  void insufficientFundsCountsTheSendersOtherPooledTransactions() {
    // Exactly two transfers of 21000 × 1 gwei.
    accounts.set(alice.address(), 0, UInt256.valueOf(42_000_000_000_000L));
    assertTrue(pool.add(tx(0).maxFee(GWEI).signedBy(alice)).accepted());
    assertTrue(pool.add(tx(1).maxFee(GWEI).signedBy(alice)).accepted());
    assertEquals(
        new AddResult.Rejected(
            RejectReason.INSUFFICIENT_FUNDS,
            "insufficient funds for gas * price + value: balance 42000000000000, cost 21000000000000,"
                + " plus 42000000000000 for the sender's 2 other pooled transactions"),
        pool.add(tx(2).maxFee(GWEI).signedBy(alice)));
    assertEquals(2, pool.size());
  }

  @Test
  void rejectsGasLimitBelowIntrinsicGas() {
    // 21000 + 4 (zero byte) + 16 (non-zero byte).
    assertRejected(
        tx(0).data(Bytes.fromHexString("0x0001")).gasLimit(21_019).signedBy(alice),
        RejectReason.INTRINSIC_GAS_TOO_LOW,
        "intrinsic gas too low: gas limit 21019, intrinsic gas 21020");
  }

  @Test
  void intrinsicGasCountsAccessListEntries() {
    AccessListEntry entry =
        new AccessListEntry(Address.fromLong(0x1000), List.of(Bytes32.ZERO, Bytes32.leftPad(Bytes.of(1))));
    // 21000 + 2400 + 2 × 1900.
    assertRejected(
        tx(0).accessList(List.of(entry)).gasLimit(27_199).signedBy(alice),
        RejectReason.INTRINSIC_GAS_TOO_LOW,
        "intrinsic gas too low: gas limit 27199, intrinsic gas 27200");
    assertTrue(pool.add(tx(0).accessList(List.of(entry)).gasLimit(27_200).signedBy(alice)).accepted());
  }

  @Test
  void rejectsGasLimitAboveBlockGasLimit() {
    assertRejected(
        tx(0).gasLimit(30_000_001).signedBy(alice),
        RejectReason.GAS_LIMIT_EXCEEDED,
        "exceeds block gas limit: transaction gas limit 30000001, block gas limit 30000000");
  }

  @Test
  void rejectsTipBelowTheMinimum() {
    assertRejected(
        tx(0).tip(0).signedBy(alice),
        RejectReason.UNDERPRICED,
        "transaction underpriced: tip 0 below the minimum 1000000000");
  }

  @Test
  void rejectsLegacyGasPriceBelowTheMinimumTip() {
    assertRejected(
        tx(0).gasPrice(GWEI - 1).legacySignedBy(alice),
        RejectReason.UNDERPRICED,
        "transaction underpriced: tip 999999999 below the minimum 1000000000");
  }

  @Test
  void rejectsTipAboveMaxFee() {
    assertRejected(
        tx(0).tip(3 * GWEI).maxFee(2 * GWEI).signedBy(alice),
        RejectReason.TIP_ABOVE_FEE_CAP,
        "max priority fee per gas higher than max fee per gas: tip 3000000000, max fee 2000000000");
  }

  @Test
  void rejectsOversizedTransaction() {
    Transaction tx = tx(0).data(Bytes.wrap(new byte[128 * 1024])).gasLimit(1_000_000).signedBy(alice);
    assertEquals(131_189, tx.size());
    assertRejected(
        tx, RejectReason.OVERSIZED, "oversized transaction: 131189 bytes, the limit is 131072");
  }

  @Test
  void rejectsInitcodeAboveTheEip3860Limit() {
    Transaction tx = tx(0).contractCreation().data(Bytes.wrap(new byte[49_153])).gasLimit(1_000_000).signedBy(alice);
    assertRejected(
        tx,
        RejectReason.INVALID,
        "invalid transaction: initcode of 49153 bytes exceeds the maximum 49152 (EIP-3860)");
  }

  @Test
  void rejectsGasTimesPriceOverflowing256Bits() {
    assertRejected(
        tx(0).maxFee(UInt256.MAX_VALUE).signedBy(alice),
        RejectReason.INVALID,
        "invalid transaction: gas limit 21000 × max fee per gas "
            + UInt256.MAX_VALUE.toDecimalString()
            + " overflows 256 bits");
  }

  @Test
  void rejectsTransactionAlreadyKnown() {
    Transaction tx = tx(0).signedBy(alice);
    pool.add(tx);
    assertEquals(
        new AddResult.Rejected(RejectReason.ALREADY_KNOWN, "already known: transaction " + tx.hash().toHexString()),
        pool.add(tx));
    assertEquals(1, pool.size());
  }

  @Test
  void rejectsSenderAboveItsTransactionLimit() {
    TransactionPool small =
        new TransactionPool(TxPoolConfig.builder(7357).maxPerSender(2).build(), accounts, UInt256.valueOf(GWEI));
    small.add(tx(0).signedBy(alice));
    small.add(tx(1).signedBy(alice));
    assertEquals(
        new AddResult.Rejected(
            RejectReason.SENDER_LIMIT,
            "sender limit reached: account "
                + alice.address().toHexString()
                + " already has 2 transactions in the pool, the limit is 2"),
        small.add(tx(2).signedBy(alice)));
  }

  @Test
  void acceptsMaxFeeBelowTheBaseFee() {
    // It cannot be included now, but the base fee may fall; selection skips it meanwhile.
    Transaction tx = tx(0).tip(GWEI).maxFee(GWEI).signedBy(alice);
    TransactionPool expensive =
        new TransactionPool(TxPoolConfig.builder(7357).build(), accounts, UInt256.valueOf(5 * GWEI));
    assertEquals(new AddResult.Added(tx.hash(), true), expensive.add(tx));
  }

  @Test
  void addAllReturnsOneResultPerTransactionInOrder() {
    Transaction ok = tx(0).signedBy(alice);
    Transaction wrongChain = tx(1).chainId(1).signedBy(alice);
    Transaction queued = tx(5).signedBy(alice);
    assertEquals(
        List.of(
            new AddResult.Added(ok.hash(), true),
            new AddResult.Rejected(
                RejectReason.INVALID_CHAIN_ID, "invalid chain id: transaction has 1, this chain is 7357"),
            new AddResult.Added(queued.hash(), false),
            new AddResult.Rejected(RejectReason.ALREADY_KNOWN, "already known: transaction " + ok.hash().toHexString())),
        pool.addAll(List.of(ok, wrongChain, queued, ok)));
  }
}
