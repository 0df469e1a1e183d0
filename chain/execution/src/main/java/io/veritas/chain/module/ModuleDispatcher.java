package io.veritas.chain.module;

import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;

/**
 * Runs a call to a native module: finds the method by selector, decodes the arguments strictly (only the
 * canonical ABI encoding is accepted), runs it and encodes the result. The caller owns the checkpoint: on a
 * revert it undoes what the call changed.
 */
public final class ModuleDispatcher {
  private final ModuleRegistry registry;

  public ModuleDispatcher(ModuleRegistry registry) {
    this.registry = registry;
  }

  public ModuleRegistry registry() {
    return registry;
  }

  /** What the method will charge for this calldata, or 0 when the call is not to a known method. */
  public long methodGas(Address module, Bytes calldata) {
    if (calldata.size() < 4) {
      return 0;
    }
    return registry.method(module, calldata.slice(0, 4)).map(m -> m.gasCost(calldata.size())).orElse(0L);
  }

  /**
   * Runs the call. The value has already been moved to the module's account by the caller. Throws
   * {@link ModuleRevertException} for every failure a user can cause, with a reason that names it.
   */
  public ModuleResult call(
      Address moduleAddress, Bytes calldata, Address caller, UInt256 value, BlockContext block, WorldState state)
      throws ModuleRevertException {
    NativeModule module =
        registry.module(moduleAddress).orElseThrow(() -> new ModuleRevertException("no module at " + moduleAddress));
    if (calldata.size() < 4) {
      throw new ModuleRevertException(
          module.name() + " module needs calldata with a 4-byte method selector, got " + calldata.size() + " bytes");
    }
    Bytes selector = calldata.slice(0, 4);
    ModuleMethod method =
        registry
            .method(moduleAddress, selector)
            .orElseThrow(
                () -> new ModuleRevertException(
                    module.name() + " module has no method with selector " + selector.toHexString()));
    if (!value.isZero() && method.mutability() != Mutability.PAYABLE) {
      throw new ModuleRevertException(method.signature() + " is not payable, but the call sent " + value.toDecimalString() + " wei");
    }
    List<Type<?>> args = decodeArguments(method, calldata.slice(4));
    ModuleCall call = new ModuleCall(module, method, args, caller, value, block, state);
    List<Type<?>> outputs = method.handler().call(call);
    return new ModuleResult(encode(outputs), call.logs());
  }

  static List<Type<?>> decodeArguments(ModuleMethod method, Bytes encodedArgs) throws ModuleRevertException {
    if (method.inputs().isEmpty()) {
      if (!encodedArgs.isEmpty()) {
        throw new ModuleRevertException(
            "malformed calldata for " + method.signature() + ": takes no arguments, got " + encodedArgs.size() + " bytes");
      }
      return List.of();
    }
    List<TypeReference<Type>> refs = new ArrayList<>();
    for (AbiParam param : method.inputs()) {
      refs.add(typeReference(param.type()));
    }
    List<Type<?>> decoded = new ArrayList<>();
    try {
      for (Type<?> value : FunctionReturnDecoder.decode(encodedArgs.toUnprefixedHexString(), refs)) {
        decoded.add(value);
      }
    } catch (RuntimeException e) {
      throw new ModuleRevertException("malformed calldata for " + method.signature() + ": " + e.getMessage());
    }
    // web3j's decoder is lenient (short data decodes to defaults): accept only the canonical encoding.
    if (decoded.size() != refs.size() || !encode(decoded).equals(encodedArgs)) {
      throw new ModuleRevertException(
          "malformed calldata for " + method.signature() + ": arguments are not a canonical ABI encoding");
    }
    return decoded;
  }

  @SuppressWarnings("unchecked")
  static TypeReference<Type> typeReference(String solidityType) {
    try {
      return (TypeReference<Type>) TypeReference.makeTypeReference(solidityType);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("unsupported ABI type " + solidityType, e);
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static Bytes encode(List<? extends Type> values) {
    if (values.isEmpty()) {
      return Bytes.EMPTY;
    }
    return Bytes.fromHexString(FunctionEncoder.encodeConstructor((List<Type>) values));
  }

  /** A successful call's ABI-encoded return data and the logs it emitted. */
  public record ModuleResult(Bytes returnData, List<Log> logs) {
    public ModuleResult {
      logs = List.copyOf(logs);
    }
  }
}
