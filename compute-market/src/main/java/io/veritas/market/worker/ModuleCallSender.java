package io.veritas.market.worker;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.TransactionValidity;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Signs and submits module calls for one key (a provider's or verifier's), EIP-1559 style: tip 1 gwei, fee cap
 * twice the next base fee plus the tip, gas = intrinsic + the method's documented cost. One instance per key, shared
 * by every worker that sends with it, so nonces are taken one at a time.
 */
public final class ModuleCallSender {
  private static final UInt256 TIP = UInt256.valueOf(1_000_000_000L);

  private final KeyPair key;
  private final long chainId;
  private final ModuleDispatcher modules;
  private final TransactionSubmitter submitter;

  public ModuleCallSender(KeyPair key, long chainId, ModuleDispatcher modules, TransactionSubmitter submitter) {
    this.key = key;
    this.chainId = chainId;
    this.modules = modules;
    this.submitter = submitter;
  }

  public Address address() {
    return key.address();
  }

  /**
   * Sends {@code calldata} with {@code value} to {@code module}; returns the transaction hash.
   *
   * @throws SubmissionRefusedException when the pool refuses it, with the pool's reason
   */
  public synchronized Bytes32 send(Address module, Bytes calldata, UInt256 value) {
    long nonce = submitter.pendingNonce(key.address());
    UInt256 maxFee = submitter.nextBaseFee().multiply(2).add(TIP);
    long methodGas = modules.methodGas(module, calldata);
    long intrinsic = TransactionValidity.callIntrinsicGas(calldata);
    DynamicFeeTransaction tx =
        new DynamicFeeTransaction.Unsigned(chainId, nonce, TIP, maxFee, intrinsic + methodGas, Optional.of(module), value, calldata, List.of())
            .sign(key);
    Optional<String> refused = submitter.submit(tx);
    if (refused.isPresent()) {
      throw new SubmissionRefusedException("transaction from " + key.address() + " to " + module + " refused: " + refused.get());
    }
    return tx.hash();
  }

  /** The local pool refused a worker's transaction. */
  public static final class SubmissionRefusedException extends RuntimeException {
    public SubmissionRefusedException(String message) {
      super(message);
    }
  }
}
