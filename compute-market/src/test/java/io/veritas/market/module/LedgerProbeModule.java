package io.veritas.market.module;

import io.veritas.chain.module.AbiParam;
import io.veritas.chain.module.ModuleCall;
import io.veritas.chain.module.ModuleEvent;
import io.veritas.chain.module.ModuleMethod;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.Mutability;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.types.Address;
import io.veritas.market.rules.Provider;
import java.util.List;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * A test-only module that uses {@link MarketLedger} from its own calls, as the verifier module does: anyone may
 * call it (the real verifier runs these steps from protocol transactions and its own verdict logic).
 */
final class LedgerProbeModule implements NativeModule {
  static final Address ADDRESS = Address.fromLong(0x9300);

  @Override
  public Address address() {
    return ADDRESS;
  }

  @Override
  public String name() {
    return "ledger-probe";
  }

  @Override
  public List<ModuleMethod> methods() {
    return List.of(
        new ModuleMethod("hold", List.of(AbiParam.of("jobId", "uint256"), AbiParam.of("challengeId", "uint256")), List.of(),
            Mutability.NONPAYABLE, 1_000, 0, this::hold),
        new ModuleMethod("releaseHonest", List.of(AbiParam.of("jobId", "uint256")), List.of(), Mutability.NONPAYABLE, 1_000, 0,
            this::releaseHonest),
        new ModuleMethod("releaseCheating", List.of(AbiParam.of("jobId", "uint256")), List.of(AbiParam.of("refund", "uint256")),
            Mutability.NONPAYABLE, 1_000, 0, this::releaseCheating),
        new ModuleMethod("slash",
            List.of(AbiParam.of("provider", "address"), AbiParam.of("amount", "uint256"), AbiParam.of("to", "address"),
                AbiParam.of("paid", "uint256")),
            List.of(AbiParam.of("taken", "uint256")), Mutability.NONPAYABLE, 1_000, 0, this::slash),
        new ModuleMethod("serving", List.of(AbiParam.of("model", "bytes32"), AbiParam.of("minBond", "uint256")),
            List.of(AbiParam.of("providers", "address[]")), Mutability.VIEW, 1_000, 0, this::serving));
  }

  @Override
  public List<ModuleEvent> events() {
    return List.of();
  }

  private List<Type<?>> hold(ModuleCall call) throws ModuleRevertException {
    MarketLedger.of(call).holdForChallenge(call.arg(0, Uint256.class).getValue(), call.arg(1, Uint256.class).getValue());
    return List.of();
  }

  private List<Type<?>> releaseHonest(ModuleCall call) throws ModuleRevertException {
    MarketLedger.of(call).releaseHonest(call.arg(0, Uint256.class).getValue());
    return List.of();
  }

  private List<Type<?>> releaseCheating(ModuleCall call) throws ModuleRevertException {
    return List.of(new Uint256(MarketLedger.of(call).releaseCheating(call.arg(0, Uint256.class).getValue()).toBigInteger()));
  }

  /** Slashes {@code amount}, pays {@code paid} of what was taken to {@code to} and burns the rest. */
  private List<Type<?>> slash(ModuleCall call) throws ModuleRevertException {
    Address provider = Address.fromHex(call.arg(0, org.web3j.abi.datatypes.Address.class).getValue());
    UInt256 amount = UInt256.valueOf(call.arg(1, Uint256.class).getValue());
    Address to = Address.fromHex(call.arg(2, org.web3j.abi.datatypes.Address.class).getValue());
    UInt256 paid = UInt256.valueOf(call.arg(3, Uint256.class).getValue());
    UInt256 taken = MarketLedger.of(call).slashProvider(provider, amount, "probe");
    ModuleRevertException.require(!paid.greaterThan(taken), "cannot pay " + paid.toDecimalString() + " of " + taken.toDecimalString() + " taken");
    call.payFrom(MarketLedger.MARKET, to, paid);
    call.burnFrom(MarketLedger.MARKET, taken.subtract(paid));
    return List.of(new Uint256(taken.toBigInteger()));
  }

  private List<Type<?>> serving(ModuleCall call) {
    Bytes32 model = Bytes32.wrap(call.arg(0, org.web3j.abi.datatypes.generated.Bytes32.class).getValue());
    UInt256 minBond = UInt256.valueOf(call.arg(1, Uint256.class).getValue());
    List<org.web3j.abi.datatypes.Address> addresses = MarketLedger.of(call).servingProviders(model, minBond).stream()
        .map(Provider::address).map(a -> new org.web3j.abi.datatypes.Address(a.toHexString())).toList();
    return List.of(new DynamicArray<>(org.web3j.abi.datatypes.Address.class, addresses));
  }
}
