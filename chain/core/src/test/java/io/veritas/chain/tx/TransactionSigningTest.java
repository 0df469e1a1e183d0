package io.veritas.chain.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * Signing and re-decoding each envelope, checked byte for byte against web3j's independent encoder (both sign
 * deterministically by RFC 6979 with low s, so the signatures must agree exactly).
 */
class TransactionSigningTest {
  private static final long DEVNET = 7357;
  private static final List<KeyPair> DEV = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, 2);
  private static final KeyPair ALICE = DEV.get(0);
  private static final Address BOB = DEV.get(1).address();
  private static final Credentials ALICE_WEB3J = Credentials.create(ALICE.secretKey().toHexString());
  private static final UInt256 ONE_ETH = UInt256.valueOf(BigInteger.TEN.pow(18));
  private static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);

  @Test
  void signsDynamicFeeTransferExactlyLikeWeb3j() {
    var unsigned =
        new DynamicFeeTransaction.Unsigned(
            DEVNET, 5, GWEI, GWEI.multiply(30), 21_000, Optional.of(BOB), ONE_ETH, Bytes.EMPTY, List.of());
    DynamicFeeTransaction tx = unsigned.sign(ALICE);

    RawTransaction raw =
        RawTransaction.createTransaction(
            DEVNET, BigInteger.valueOf(5), BigInteger.valueOf(21_000), BOB.toHexString(), ONE_ETH.toBigInteger(), "",
            GWEI.toBigInteger(), GWEI.multiply(30).toBigInteger());
    assertEquals(Bytes.wrap(TransactionEncoder.signMessage(raw, ALICE_WEB3J)), tx.encoded());

    assertRoundTrips(tx);
    assertEquals(2, tx.type());
    assertEquals(Optional.of(DEVNET), tx.chainId());
    assertEquals(ALICE.address(), tx.sender());
  }

  @Test
  void signsEip155LegacyTransferExactlyLikeWeb3j() {
    var unsigned =
        new LegacyTransaction.Unsigned(
            Optional.of(DEVNET), 0, GWEI.multiply(2), 21_000, Optional.of(BOB), ONE_ETH, Bytes.EMPTY);
    LegacyTransaction tx = unsigned.sign(ALICE);

    RawTransaction raw =
        RawTransaction.createTransaction(
            BigInteger.ZERO, GWEI.multiply(2).toBigInteger(), BigInteger.valueOf(21_000), BOB.toHexString(),
            ONE_ETH.toBigInteger(), "");
    assertEquals(Bytes.wrap(TransactionEncoder.signMessage(raw, DEVNET, ALICE_WEB3J)), tx.encoded());

    assertRoundTrips(tx);
    assertEquals(UInt256.valueOf(DEVNET * 2 + 35 + tx.signature().recoveryId()), tx.v());
    assertEquals(GWEI.multiply(2), tx.maxFeePerGas());
    assertEquals(GWEI.multiply(2), tx.maxPriorityFeePerGas());
  }

  @Test
  void signsAccessListTransactionExactlyLikeWeb3j() {
    Address module = Address.fromLong(0x2000);
    Bytes32 slot = Bytes32.fromHexString("0x01");
    var unsigned =
        new AccessListTransaction.Unsigned(
            DEVNET, 1, GWEI, 60_000, Optional.of(module), UInt256.ZERO, Bytes.fromHexString("0xa9059cbb"),
            List.of(new AccessListEntry(module, List.of(slot))));
    AccessListTransaction tx = unsigned.sign(ALICE);

    RawTransaction raw =
        RawTransaction.createTransaction(
            DEVNET, BigInteger.ONE, GWEI.toBigInteger(), BigInteger.valueOf(60_000), module.toHexString(),
            BigInteger.ZERO, "0xa9059cbb",
            List.of(new AccessListObject(module.toHexString(), List.of(slot.toHexString()))));
    assertEquals(Bytes.wrap(TransactionEncoder.signMessage(raw, ALICE_WEB3J)), tx.encoded());

    assertRoundTrips(tx);
    assertEquals(21_000 + 4 * 16 + 2_400 + 1_900, TransactionValidity.intrinsicGas(tx));
  }

  @Test
  void signsPreEip155ContractCreation() {
    var unsigned =
        new LegacyTransaction.Unsigned(
            Optional.empty(), 3, GWEI, 100_000, Optional.empty(), UInt256.ZERO, Bytes.fromHexString("0x6000600055"));
    LegacyTransaction tx = unsigned.sign(ALICE);
    assertRoundTrips(tx);
    assertEquals(Optional.empty(), tx.chainId());
    assertTrue(tx.isContractCreation());
    assertEquals(UInt256.valueOf(27 + tx.signature().recoveryId()), tx.v());
    // 21000 + 32000 creation + 2 zero bytes * 4 + 3 non-zero bytes * 16 + 1 initcode word * 2
    assertEquals(21_000 + 32_000 + 8 + 48 + 2, TransactionValidity.intrinsicGas(tx));
  }

  private static void assertRoundTrips(Transaction tx) {
    Transaction decoded = TransactionDecoder.decode(tx.encoded());
    assertEquals(tx, decoded);
    assertEquals(tx.sender(), decoded.sender());
    assertEquals(Keccak256.hash(tx.encoded()), decoded.hash());
    assertEquals(tx.encoded().size(), decoded.size());
  }

  @Test
  void computesEip1559EffectivePrices() {
    var tx =
        new DynamicFeeTransaction.Unsigned(
                DEVNET, 0, UInt256.valueOf(10), UInt256.valueOf(100), 21_000, Optional.of(BOB), UInt256.ZERO, Bytes.EMPTY,
                List.of())
            .sign(ALICE);
    assertEquals(UInt256.valueOf(60), tx.effectiveGasPrice(UInt256.valueOf(50)));
    assertEquals(UInt256.valueOf(10), tx.effectivePriorityFee(UInt256.valueOf(50)));
    // The fee cap binds: 95 + 10 > 100, so the tip shrinks to 5.
    assertEquals(UInt256.valueOf(100), tx.effectiveGasPrice(UInt256.valueOf(95)));
    assertEquals(UInt256.valueOf(5), tx.effectivePriorityFee(UInt256.valueOf(95)));
    assertEquals(UInt256.valueOf(100), tx.effectiveGasPrice(UInt256.MAX_VALUE));
    assertEquals(UInt256.ZERO, tx.effectivePriorityFee(UInt256.valueOf(200)));
  }

  @Test
  void legacyGasPriceIsBothFeeCapAndTip() {
    var tx =
        new LegacyTransaction.Unsigned(
                Optional.of(DEVNET), 0, UInt256.valueOf(100), 21_000, Optional.of(BOB), UInt256.ZERO, Bytes.EMPTY)
            .sign(ALICE);
    assertEquals(UInt256.valueOf(100), tx.effectiveGasPrice(UInt256.valueOf(7)));
    assertEquals(UInt256.valueOf(93), tx.effectivePriorityFee(UInt256.valueOf(7)));
  }

  @Test
  void rejectsUnsupportedTypeByName() {
    InvalidTransactionException e =
        assertThrows(InvalidTransactionException.class, () -> TransactionDecoder.decode(Bytes.fromHexString("0x03c0")));
    assertEquals("unsupported transaction type 0x03", e.getMessage());
  }

  @Test
  void rejectsTrailingBytesAfterTransaction() {
    DynamicFeeTransaction tx =
        new DynamicFeeTransaction.Unsigned(
                DEVNET, 0, GWEI, GWEI, 21_000, Optional.of(BOB), UInt256.ZERO, Bytes.EMPTY, List.of())
            .sign(ALICE);
    InvalidTransactionException e =
        assertThrows(
            InvalidTransactionException.class,
            () -> TransactionDecoder.decode(Bytes.concatenate(tx.encoded(), Bytes.of(0))));
    assertEquals("malformed RLP: EIP-1559 transaction: 1 trailing bytes after the RLP list", e.getMessage());
  }

  @Test
  void rejectsEmptyInput() {
    InvalidTransactionException e =
        assertThrows(InvalidTransactionException.class, () -> TransactionDecoder.decode(Bytes.EMPTY));
    assertEquals("malformed RLP: empty transaction", e.getMessage());
  }

  @Test
  void rejectsTransactionForAnotherChain() {
    var tx =
        new DynamicFeeTransaction.Unsigned(1, 0, GWEI, GWEI, 21_000, Optional.of(BOB), UInt256.ZERO, Bytes.EMPTY, List.of())
            .sign(ALICE);
    InvalidTransactionException e =
        assertThrows(InvalidTransactionException.class, () -> TransactionValidity.validate(tx, DEVNET));
    assertEquals("wrong chain id: transaction is for chain 1, this chain is 7357", e.getMessage());
  }

  @Test
  void rejectsGasLimitAboveTheBlockGasLimitComparingUnsigned() {
    var tx =
        new DynamicFeeTransaction.Unsigned(
                DEVNET, 0, UInt256.ZERO, UInt256.ZERO, -1L, Optional.of(BOB), UInt256.ZERO, Bytes.EMPTY, List.of())
            .sign(ALICE);
    TransactionValidity.validate(tx, DEVNET);
    InvalidTransactionException e =
        assertThrows(InvalidTransactionException.class, () -> TransactionValidity.validate(tx, DEVNET, 30_000_000));
    assertEquals("gas limit 18446744073709551615 exceeds the block gas limit 30000000", e.getMessage());
  }

  @Test
  void rejectsNonceThatCanNoLongerBeIncremented() {
    InvalidTransactionException e =
        assertThrows(
            InvalidTransactionException.class,
            () ->
                new DynamicFeeTransaction.Unsigned(
                    DEVNET, -1L, GWEI, GWEI, 21_000, Optional.of(BOB), UInt256.ZERO, Bytes.EMPTY, List.of()));
    assertEquals("nonce 18446744073709551615 is too big: it must be below 2^64-1 (EIP-2681)", e.getMessage());
  }

  @Test
  void computesMaxCost() {
    var tx =
        new DynamicFeeTransaction.Unsigned(
                DEVNET, 0, GWEI, GWEI.multiply(2), 21_000, Optional.of(BOB), ONE_ETH, Bytes.EMPTY, List.of())
            .sign(ALICE);
    assertEquals(ONE_ETH.add(GWEI.multiply(2).multiply(21_000)), TransactionValidity.maxCost(tx));
  }
}
