package io.veritas.chain.tx;

import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The validity rules of a transaction that need no state: Ethereum's rules as of Cancun (intrinsic gas with
 * EIP-2028 calldata and EIP-2930 access list costs, EIP-3860 initcode limit, EIP-1559 fee cap ordering, the
 * gas × price overflow guard) plus the chain id. Nonce, balance and base fee need the state and are checked
 * where it is known.
 */
public final class TransactionValidity {
  public static final long TX_BASE_GAS = 21_000;
  public static final long CONTRACT_CREATION_GAS = 32_000;
  /** EIP-2028 calldata prices. */
  public static final long ZERO_DATA_BYTE_GAS = 4;

  public static final long NON_ZERO_DATA_BYTE_GAS = 16;
  /** EIP-2930 access list prices. */
  public static final long ACCESS_LIST_ADDRESS_GAS = 2_400;

  public static final long ACCESS_LIST_STORAGE_KEY_GAS = 1_900;
  /** EIP-3860: 2 gas per 32-byte word of initcode, at most 2 × 24576 bytes of it. */
  public static final long INITCODE_WORD_GAS = 2;

  public static final int MAX_INITCODE_SIZE = 49_152;

  private TransactionValidity() {}

  /** The gas a transaction costs before any execution; its gas limit must cover it. */
  public static long intrinsicGas(Transaction tx) {
    Bytes data = tx.data();
    long gas = callIntrinsicGas(data);
    if (tx.isContractCreation()) {
      gas += CONTRACT_CREATION_GAS + INITCODE_WORD_GAS * ((data.size() + 31L) / 32);
    }
    for (AccessListEntry entry : tx.accessList()) {
      gas += ACCESS_LIST_ADDRESS_GAS + ACCESS_LIST_STORAGE_KEY_GAS * entry.storageKeys().size();
    }
    return gas;
  }

  /** The intrinsic gas of a call (not a creation) with {@code data} and no access list: 21,000 + EIP-2028 calldata. */
  public static long callIntrinsicGas(Bytes data) {
    int zeros = 0;
    for (int i = 0; i < data.size(); i++) {
      if (data.get(i) == 0) {
        zeros++;
      }
    }
    return TX_BASE_GAS + ZERO_DATA_BYTE_GAS * zeros + NON_ZERO_DATA_BYTE_GAS * (data.size() - zeros);
  }

  /**
   * Checks every stateless rule for a chain with id {@code chainId}. A legacy transaction without EIP-155
   * replay protection is valid here, as in Ethereum; whether to accept one is the pool's policy.
   *
   * @throws InvalidTransactionException naming the broken rule and the values
   */
  public static void validate(Transaction tx, long chainId) {
    if (tx.chainId().isPresent() && tx.chainId().get() != chainId) {
      throw new InvalidTransactionException(
          "wrong chain id: transaction is for chain " + tx.chainId().get() + ", this chain is " + chainId);
    }
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      throw new InvalidTransactionException(
          "max priority fee per gas "
              + tx.maxPriorityFeePerGas().toDecimalString()
              + " is above max fee per gas "
              + tx.maxFeePerGas().toDecimalString());
    }
    BigInteger gasLimit = new BigInteger(Long.toUnsignedString(tx.gasLimit()));
    if (gasLimit.multiply(tx.maxFeePerGas().toBigInteger()).bitLength() > 256) {
      throw new InvalidTransactionException(
          "gas limit "
              + gasLimit
              + " × max fee per gas "
              + tx.maxFeePerGas().toDecimalString()
              + " overflows 256 bits");
    }
    if (tx.isContractCreation() && tx.data().size() > MAX_INITCODE_SIZE) {
      throw new InvalidTransactionException(
          "initcode of " + tx.data().size() + " bytes exceeds the maximum " + MAX_INITCODE_SIZE + " (EIP-3860)");
    }
    long intrinsic = intrinsicGas(tx);
    if (Long.compareUnsigned(tx.gasLimit(), intrinsic) < 0) {
      throw new InvalidTransactionException(
          "intrinsic gas too low: transaction needs " + intrinsic + " gas, its gas limit is " + gasLimit);
    }
  }

  /** {@link #validate(Transaction, long)} plus: the gas limit fits in a block of {@code blockGasLimit}. */
  public static void validate(Transaction tx, long chainId, long blockGasLimit) {
    validate(tx, chainId);
    if (Long.compareUnsigned(tx.gasLimit(), blockGasLimit) > 0) {
      throw new InvalidTransactionException(
          "gas limit "
              + Long.toUnsignedString(tx.gasLimit())
              + " exceeds the block gas limit "
              + blockGasLimit);
    }
  }

  /** The most the transaction can cost its sender: gasLimit × maxFeePerGas + value (after {@link #validate}). */
  public static UInt256 maxCost(Transaction tx) {
    UInt256 gas = UInt256.fromBytes(Bytes.ofUnsignedLong(tx.gasLimit()));
    return gas.multiply(tx.maxFeePerGas()).add(tx.value());
  }
}
