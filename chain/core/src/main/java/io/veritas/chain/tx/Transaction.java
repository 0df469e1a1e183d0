package io.veritas.chain.tx;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A transaction in one of the EIP-2718 envelopes Veritas accepts: a {@link SignedTransaction} from a user (from
 * {@link TransactionDecoder#decode} or from signing an unsigned transaction; both recover the sender exactly
 * once), or a {@link ProtocolTransaction} that only appears in blocks.
 *
 * <p>{@link #nonce()} and {@link #gasLimit()} are unsigned 64-bit integers, as in Ethereum: values of 2^63 and
 * above (valid in the public test vectors, never includable in a block) come back negative. Compare them with
 * {@link Long#compareUnsigned} or use {@link TransactionValidity}, which does.
 */
public sealed interface Transaction permits SignedTransaction, ProtocolTransaction {
  /** EIP-2718 type: 0 legacy, 1 access list, 2 dynamic fee; 0x7c-0x7e protocol. */
  int type();

  /** Empty only for a legacy transaction signed before EIP-155 (no replay protection). */
  Optional<Long> chainId();

  long nonce();

  long gasLimit();

  /** Empty for contract creation. */
  Optional<Address> to();

  UInt256 value();

  Bytes data();

  /** The most the sender pays per gas, base fee plus tip (legacy and EIP-2930: the gas price). */
  UInt256 maxFeePerGas();

  /** The most the sender tips per gas (legacy and EIP-2930: the gas price). */
  UInt256 maxPriorityFeePerGas();

  /** EIP-2930 access list (empty for legacy transactions). */
  List<AccessListEntry> accessList();

  /** The signer, recovered when the transaction was decoded or signed. */
  Address sender();

  /** The hash signed by the sender. */
  Bytes32 signingHash();

  /** EIP-2718 encoding: the RLP list for legacy, type byte ‖ RLP payload for typed transactions. */
  Bytes encoded();

  /**
   * keccak256 of {@link #encoded()}, the hash eth_sendRawTransaction returns. Computed on each call (an encoding
   * and a keccak, a few microseconds): keep it where it is used repeatedly.
   */
  default Bytes32 hash() {
    return Keccak256.hash(encoded());
  }

  /** Size in bytes of the encoding. */
  default long size() {
    return encoded().size();
  }

  default boolean isContractCreation() {
    return to().isEmpty();
  }

  /**
   * EIP-1559 price per gas paid at {@code baseFee}: min(maxFeePerGas, baseFee + maxPriorityFeePerGas). The
   * caller checks maxFeePerGas >= baseFee first; below it the transaction cannot be included.
   */
  default UInt256 effectiveGasPrice(UInt256 baseFee) {
    UInt256 cap = maxFeePerGas();
    // baseFee + tip >= cap also when the sum would not fit 256 bits.
    if (maxPriorityFeePerGas().compareTo(UInt256.MAX_VALUE.subtract(baseFee)) > 0) {
      return cap;
    }
    UInt256 withTip = baseFee.add(maxPriorityFeePerGas());
    return withTip.compareTo(cap) < 0 ? withTip : cap;
  }

  /** The tip per gas the proposer receives at {@code baseFee}: effectiveGasPrice - baseFee (0 if below). */
  default UInt256 effectivePriorityFee(UInt256 baseFee) {
    UInt256 price = effectiveGasPrice(baseFee);
    return price.compareTo(baseFee) > 0 ? price.subtract(baseFee) : UInt256.ZERO;
  }
}
