package io.veritas.chain.module;

import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * A method of a native module: its ABI shape, its gas price (a documented base cost plus a cost per
 * calldata byte) and the code that runs it. The 4-byte selector is derived from the signature, exactly as
 * Solidity does, so any Ethereum wallet or library can call it.
 */
public record ModuleMethod(
    String name,
    List<AbiParam> inputs,
    List<AbiParam> outputs,
    Mutability mutability,
    long baseGas,
    long gasPerByte,
    MethodHandler handler) {

  /** The code of one method: decoded arguments in, ABI values out; throws {@link ModuleRevertException}. */
  @FunctionalInterface
  public interface MethodHandler {
    List<org.web3j.abi.datatypes.Type<?>> call(ModuleCall call) throws ModuleRevertException;
  }

  public ModuleMethod {
    Objects.requireNonNull(name, "name");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    Objects.requireNonNull(mutability, "mutability");
    Objects.requireNonNull(handler, "handler");
    if (baseGas < 0 || gasPerByte < 0) {
      throw new IllegalArgumentException("gas costs of " + name + " must not be negative");
    }
  }

  public String signature() {
    return AbiSignature.of(name, inputs);
  }

  public Bytes selector() {
    return AbiSignature.selector(signature());
  }

  /** Gas the method charges on top of the transaction's intrinsic gas for calldata of this length. */
  public long gasCost(int calldataLength) {
    return Math.addExact(baseGas, Math.multiplyExact(gasPerByte, (long) calldataLength));
  }
}
