package io.veritas.chain.execution;

import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.state.Account;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.tx.InvalidTransactionException;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionValidity;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Applies one signed transaction to the world state, Ethereum-style: check it can be included, take the
 * nonce and the maximum fee up front, run the transfer or module call inside a checkpoint, refund unused gas,
 * pay the tip to the proposer and burn the base fee.
 */
public final class TransactionProcessor {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TransactionProcessor.class);
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private final long chainId;
  private final ModuleDispatcher modules;

  public TransactionProcessor(long chainId, ModuleDispatcher modules) {
    this.chainId = chainId;
    this.modules = modules;
  }

  public ModuleDispatcher modules() {
    return modules;
  }

  public long chainId() {
    return chainId;
  }

  /** Checks everything that decides whether {@code tx} may be in a block whose gas so far is {@code blockGasUsed}. */
  public void checkIncludable(WorldState state, BlockContext block, Transaction tx, long blockGasUsed)
      throws TransactionNotIncludableException {
    if (tx instanceof ProtocolTransaction p) {
      throw new TransactionNotIncludableException(
          "a " + p.kind() + " protocol transaction is made by the block's proposer from the state, never taken from the pool", false);
    }
    long txChainId = tx.chainId().orElseThrow(
        () -> new TransactionNotIncludableException("transaction without replay protection (EIP-155) is not accepted", false));
    if (txChainId != chainId) {
      throw new TransactionNotIncludableException(
          "invalid chain id: transaction has " + txChainId + ", this chain is " + chainId, false);
    }
    Address to = tx.to().orElseThrow(
        () -> new TransactionNotIncludableException("contract creation is not supported: Veritas has no EVM", false));
    if (!tx.data().isEmpty() && !modules.registry().isModule(to)) {
      throw new TransactionNotIncludableException(
          "calldata to plain account " + to + " is not accepted (there is no EVM); only native module addresses take calldata",
          false);
    }
    try {
      // Stateless rules: signature shape, fee cap >= tip, gas x price overflow, intrinsic gas, EIP-3860.
      TransactionValidity.validate(tx, chainId, block.gasLimit());
    } catch (InvalidTransactionException e) {
      throw new TransactionNotIncludableException(e.getMessage(), false);
    }
    Account sender = state.account(tx.sender());
    // nonce and gas limit are unsigned 64-bit values held in longs.
    if (Long.compareUnsigned(tx.nonce(), sender.nonce()) < 0) {
      throw new TransactionNotIncludableException(
          "nonce too low: account " + tx.sender() + " has nonce " + sender.nonce() + ", transaction has " + Long.toUnsignedString(tx.nonce()), false);
    }
    if (Long.compareUnsigned(tx.nonce(), sender.nonce()) > 0) {
      throw new TransactionNotIncludableException(
          "nonce too high: account " + tx.sender() + " has nonce " + sender.nonce() + ", transaction has " + Long.toUnsignedString(tx.nonce()), true);
    }
    if (tx.maxPriorityFeePerGas().greaterThan(tx.maxFeePerGas())) {
      throw new TransactionNotIncludableException(
          "max priority fee per gas " + tx.maxPriorityFeePerGas().toDecimalString() + " is above max fee per gas " + tx.maxFeePerGas().toDecimalString(), false);
    }
    if (tx.maxFeePerGas().lessThan(block.baseFee())) {
      throw new TransactionNotIncludableException(
          "max fee per gas " + tx.maxFeePerGas().toDecimalString() + " is below the block's base fee " + block.baseFee().toDecimalString(), true);
    }
    long intrinsic = TransactionValidity.intrinsicGas(tx);
    if (Long.compareUnsigned(tx.gasLimit(), intrinsic) < 0) {
      throw new TransactionNotIncludableException(
          "intrinsic gas too low: transaction needs " + intrinsic + " gas, its limit is " + tx.gasLimit(), false);
    }
    if (Long.compareUnsigned(tx.gasLimit(), block.gasLimit() - blockGasUsed) > 0) {
      throw new TransactionNotIncludableException(
          "gas limit " + Long.toUnsignedString(tx.gasLimit()) + " exceeds the block's remaining gas " + (block.gasLimit() - blockGasUsed), true);
    }
    BigInteger cost = new BigInteger(Long.toUnsignedString(tx.gasLimit())).multiply(tx.maxFeePerGas().toBigInteger()).add(tx.value().toBigInteger());
    if (cost.compareTo(TWO_256) >= 0 || cost.compareTo(sender.balance().toBigInteger()) > 0) {
      throw new TransactionNotIncludableException(
          "insufficient funds for gas * price + value: account " + tx.sender() + " has balance " + sender.balance().toDecimalString()
              + ", transaction costs up to " + cost,
          true);
    }
  }

  /** Applies {@code tx}; the caller has checked {@link #checkIncludable} with the same state and block. */
  public TransactionOutcome apply(WorldState state, BlockContext block, Transaction tx) {
    Address sender = tx.sender();
    Address to = tx.to().orElseThrow();
    UInt256 price = tx.effectiveGasPrice(block.baseFee());
    UInt256 prepaid = price.multiply(UInt256.valueOf(tx.gasLimit()));
    state.setNonce(sender, tx.nonce() + 1);
    state.subtractBalance(sender, prepaid);

    long intrinsic = TransactionValidity.intrinsicGas(tx);
    TransactionOutcome outcome;
    if (modules.registry().isModule(to)) {
      outcome = callModule(state, block, tx, sender, to, intrinsic);
    } else {
      state.subtractBalance(sender, tx.value());
      state.addBalance(to, tx.value());
      outcome = TransactionOutcome.succeeded(intrinsic, java.util.List.of(), Bytes.EMPTY);
    }

    long unused = tx.gasLimit() - outcome.gasUsed();
    state.addBalance(sender, price.multiply(UInt256.valueOf(unused)));
    UInt256 tip = tx.effectivePriorityFee(block.baseFee()).multiply(UInt256.valueOf(outcome.gasUsed()));
    state.addBalance(block.proposer(), tip);
    // The base fee part of gasUsed * price is burned: it was taken from the sender and goes to no one.
    return outcome;
  }

  /**
   * Applies a protocol transaction: its module call as {@link ProtocolTransaction#SYSTEM_ADDRESS}, no value, no
   * gas, no fee, no nonce. A revert undoes the call's changes and is reported in the outcome.
   */
  public TransactionOutcome applyProtocol(WorldState state, BlockContext block, ProtocolTransaction tx) {
    state.checkpoint();
    try {
      ModuleDispatcher.ModuleResult result =
          modules.call(tx.target(), tx.data(), ProtocolTransaction.SYSTEM_ADDRESS, UInt256.ZERO, block, state);
      state.releaseCheckpoint();
      return TransactionOutcome.succeeded(0, result.logs(), result.returnData());
    } catch (ModuleRevertException e) {
      state.revertToCheckpoint();
      return TransactionOutcome.reverted(0, e.revertData(), e.reason());
    } catch (RuntimeException e) {
      state.revertToCheckpoint();
      LOG.error("protocol call failed: module={} kind={} block={}", tx.target(), tx.kind(), block.number(), e);
      String reason = "internal error in module " + tx.target() + ": " + e.getClass().getSimpleName();
      return TransactionOutcome.reverted(0, ModuleRevertException.encodeReason(reason), reason);
    }
  }

  private TransactionOutcome callModule(
      WorldState state, BlockContext block, Transaction tx, Address sender, Address module, long intrinsic) {
    long methodGas = modules.methodGas(module, tx.data());
    long needed = intrinsic + methodGas;
    if (needed > tx.gasLimit()) {
      String reason = "out of gas: the call needs " + needed + " gas, the transaction's limit is " + tx.gasLimit();
      return TransactionOutcome.reverted(tx.gasLimit(), ModuleRevertException.encodeReason(reason), reason);
    }
    state.checkpoint();
    try {
      state.subtractBalance(sender, tx.value());
      state.addBalance(module, tx.value());
      ModuleDispatcher.ModuleResult result = modules.call(module, tx.data(), sender, tx.value(), block, state);
      state.releaseCheckpoint();
      return TransactionOutcome.succeeded(needed, result.logs(), result.returnData());
    } catch (ModuleRevertException e) {
      state.revertToCheckpoint();
      return TransactionOutcome.reverted(needed, e.revertData(), e.reason());
    } catch (RuntimeException e) {
      // A fault in module code must not take the node down; it is deterministic, so every node reverts alike.
      state.revertToCheckpoint();
      LOG.error("module call failed: module={} tx={} block={}", module, tx.hash(), block.number(), e);
      String reason = "internal error in module " + module + ": " + e.getClass().getSimpleName();
      return TransactionOutcome.reverted(needed, ModuleRevertException.encodeReason(reason), reason);
    }
  }
}
