package io.veritas.market.module;

import io.veritas.chain.module.AbiParam;
import io.veritas.chain.module.ModuleCall;
import io.veritas.chain.module.ModuleEvent;
import io.veritas.chain.module.ModuleMethod;
import io.veritas.chain.module.Mutability;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.types.Address;
import io.veritas.market.rewards.RewardsLedger;
import io.veritas.market.rewards.RewardsParameters;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/** A test-only module that credits verifier work through {@link RewardsLedger}, as the verifier module does. */
final class RewardsProbeModule implements NativeModule {
  static final Address ADDRESS = Address.fromLong(0x9400);
  /** {@code creditMany(n)} credits 1 unit to each of the addresses FIRST_MANY .. FIRST_MANY + n − 1. */
  static final long FIRST_MANY = 0xa000;

  private final RewardsLedger rewards;

  RewardsProbeModule(RewardsParameters params) {
    this.rewards = new RewardsLedger(params);
  }

  @Override
  public Address address() {
    return ADDRESS;
  }

  @Override
  public String name() {
    return "rewards-probe";
  }

  @Override
  public List<ModuleMethod> methods() {
    return List.of(
        new ModuleMethod("creditVerifier", List.of(AbiParam.of("verifier", "address"), AbiParam.of("units", "uint256")), List.of(),
            Mutability.NONPAYABLE, 1_000, 0, this::creditVerifier),
        new ModuleMethod("creditMany", List.of(AbiParam.of("count", "uint256")), List.of(), Mutability.NONPAYABLE, 1_000, 0,
            this::creditMany));
  }

  @Override
  public List<ModuleEvent> events() {
    return List.of();
  }

  private List<Type<?>> creditVerifier(ModuleCall call) {
    Address verifier = Address.fromHex(call.arg(0, org.web3j.abi.datatypes.Address.class).getValue());
    rewards.creditVerifierWork(call, verifier, call.arg(1, Uint256.class).getValue());
    return List.of();
  }

  private List<Type<?>> creditMany(ModuleCall call) {
    long count = call.arg(0, Uint256.class).getValue().longValueExact();
    for (long i = 0; i < count; i++) {
      rewards.creditVerifierWork(call, Address.fromLong(FIRST_MANY + i), BigInteger.ONE);
    }
    return List.of();
  }
}
