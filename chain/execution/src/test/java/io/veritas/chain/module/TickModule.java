package io.veritas.chain.module;

import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * A test-only module with protocol duties: in every even block the protocol calls {@code tick(number)}, which
 * counts ticks and mints 5 wei to the module; {@code report(x)} is evidence-style (reverts for x = 0). Both are
 * protocol-only.
 */
final class TickModule implements NativeModule, ProtocolDuties {
  static final Address ADDRESS = Address.fromLong(0x9100);
  static final Bytes32 TICKS = ModuleStorage.namedSlot("ticks");
  static final Bytes32 REPORTS = ModuleStorage.namedSlot("reports");
  static final ModuleEvent TICKED = new ModuleEvent("Ticked", List.of(AbiParam.indexed("number", "uint64")));

  @Override
  public Address address() {
    return ADDRESS;
  }

  @Override
  public String name() {
    return "tick";
  }

  @Override
  public List<ModuleMethod> methods() {
    return List.of(
        new ModuleMethod("tick", List.of(AbiParam.of("number", "uint64")), List.of(), Mutability.NONPAYABLE, 1_000, 0, this::tick),
        new ModuleMethod("report", List.of(AbiParam.of("x", "uint256")), List.of(), Mutability.NONPAYABLE, 1_000, 0, this::report));
  }

  @Override
  public List<ModuleEvent> events() {
    return List.of(TICKED);
  }

  @Override
  public List<ProtocolCall> dueCalls(ModuleStateView state, BlockContext block) {
    if (block.number() % 2 != 0) {
      return List.of();
    }
    // Writes through the view are discarded by the caller's checkpoint; this one proves it.
    state.storageOf(ADDRESS).putLong(REPORTS, 999);
    return List.of(new ProtocolCall(ProtocolTransaction.PAYOUT, ADDRESS, tickCall(block.number())));
  }

  static Bytes tickCall(long number) {
    return Bytes.fromHexString(FunctionEncoder.encode(new Function("tick", List.of(new Uint64(number)), List.of())));
  }

  static Bytes reportCall(long x) {
    return Bytes.fromHexString(FunctionEncoder.encode(new Function("report", List.of(new Uint256(x)), List.of())));
  }

  private List<Type<?>> tick(ModuleCall call) throws ModuleRevertException {
    call.requireProtocol();
    ModuleStorage s = call.storage();
    s.putLong(TICKS, s.getLong(TICKS) + 1);
    call.mint(UInt256.valueOf(5));
    call.emit(TICKED, call.arg(0, Uint64.class));
    return List.of();
  }

  private List<Type<?>> report(ModuleCall call) throws ModuleRevertException {
    call.requireProtocol();
    long x = call.arg(0, Uint256.class).getValue().longValueExact();
    ModuleRevertException.require(x != 0, "report of nothing");
    call.storage().putLong(REPORTS, call.storage().getLong(REPORTS) + x);
    return List.of();
  }
}
