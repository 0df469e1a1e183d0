package io.veritas.chain.txpool;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.AccessListEntry;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.LegacyTransaction;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/** Signed test transactions with readable defaults: an EIP-1559 transfer on chain 7357, tip 1 gwei, max fee 3 gwei. */
final class TestTransactions {
  static final long CHAIN_ID = 7357;
  static final long GWEI = 1_000_000_000L;
  static final Address RECIPIENT = Address.fromHex("0x00000000000000000000000000000000000000aa");

  private long chainId = CHAIN_ID;
  private final long nonce;
  private UInt256 tip = UInt256.valueOf(GWEI);
  private UInt256 maxFee = UInt256.valueOf(3 * GWEI);
  private long gasLimit = 21_000;
  private Optional<Address> to = Optional.of(RECIPIENT);
  private UInt256 value = UInt256.ZERO;
  private Bytes data = Bytes.EMPTY;
  private List<AccessListEntry> accessList = List.of();

  private TestTransactions(long nonce) {
    this.nonce = nonce;
  }

  /** Key number {@code i} (secret i + 1), stable across runs. */
  static KeyPair key(int i) {
    return KeyPair.fromSecret(Bytes32.leftPad(Bytes.ofUnsignedLong(i + 1L)));
  }

  static TestTransactions tx(long nonce) {
    return new TestTransactions(nonce);
  }

  TestTransactions chainId(long value) {
    this.chainId = value;
    return this;
  }

  TestTransactions tip(long wei) {
    this.tip = UInt256.valueOf(wei);
    return this;
  }

  TestTransactions maxFee(long wei) {
    this.maxFee = UInt256.valueOf(wei);
    return this;
  }

  TestTransactions maxFee(UInt256 wei) {
    this.maxFee = wei;
    return this;
  }

  /** Sets tip and max fee to the same value, as a legacy gas price does. */
  TestTransactions gasPrice(long wei) {
    return tip(wei).maxFee(wei);
  }

  TestTransactions gasLimit(long gas) {
    this.gasLimit = gas;
    return this;
  }

  TestTransactions value(UInt256 wei) {
    this.value = wei;
    return this;
  }

  TestTransactions data(Bytes bytes) {
    this.data = bytes;
    return this;
  }

  TestTransactions contractCreation() {
    this.to = Optional.empty();
    return this;
  }

  TestTransactions accessList(List<AccessListEntry> entries) {
    this.accessList = entries;
    return this;
  }

  DynamicFeeTransaction signedBy(KeyPair key) {
    return new DynamicFeeTransaction.Unsigned(chainId, nonce, tip, maxFee, gasLimit, to, value, data, accessList)
        .sign(key);
  }

  /** A legacy EIP-155 transaction whose gas price is the max fee. */
  LegacyTransaction legacySignedBy(KeyPair key) {
    return new LegacyTransaction.Unsigned(Optional.of(chainId), nonce, maxFee, gasLimit, to, value, data).sign(key);
  }

  /** A legacy transaction without replay protection (pre-EIP-155). */
  LegacyTransaction unprotectedSignedBy(KeyPair key) {
    return new LegacyTransaction.Unsigned(Optional.empty(), nonce, maxFee, gasLimit, to, value, data).sign(key);
  }
}
