package io.veritas.chain.module;

import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Type;

/**
 * One call of a module method: the decoded arguments, who called with how much value, the block, the
 * module's storage, and the means to move the module's balance and emit logs. Everything it changes goes
 * to the world state inside the caller's checkpoint, so a revert undoes it.
 */
public final class ModuleCall {
  private final NativeModule module;
  private final ModuleMethod method;
  private final List<Type<?>> args;
  private final Address caller;
  private final UInt256 value;
  private final BlockContext block;
  private final WorldState state;
  private final ModuleStorage storage;
  private final List<Log> logs = new ArrayList<>();

  public ModuleCall(
      NativeModule module,
      ModuleMethod method,
      List<Type<?>> args,
      Address caller,
      UInt256 value,
      BlockContext block,
      WorldState state) {
    this.module = module;
    this.method = method;
    this.args = List.copyOf(args);
    this.caller = caller;
    this.value = value;
    this.block = block;
    this.state = state;
    this.storage = new ModuleStorage(state, module.address());
  }

  public ModuleMethod method() {
    return method;
  }

  public Address caller() {
    return caller;
  }

  /** True when a {@link io.veritas.chain.tx.ProtocolTransaction} makes this call, not a user. */
  public boolean isProtocol() {
    return caller.equals(ProtocolTransaction.SYSTEM_ADDRESS);
  }

  /** Reverts unless the protocol makes this call: for methods only protocol transactions may run. */
  public void requireProtocol() throws ModuleRevertException {
    ModuleRevertException.require(
        isProtocol(), method.signature() + " is run by the protocol only (protocol transactions), not by " + caller);
  }

  /** Wei sent with the call; already credited to the module's account when the method runs. */
  public UInt256 value() {
    return value;
  }

  public BlockContext block() {
    return block;
  }

  public ModuleStorage storage() {
    return storage;
  }

  /** Another module's storage, for modules that read each other's records (e.g. the verifier reads jobs). */
  public ModuleStorage storageOf(Address otherModule) {
    return new ModuleStorage(state, otherModule);
  }

  public int argCount() {
    return args.size();
  }

  public <T extends Type<?>> T arg(int index, Class<T> type) {
    Type<?> value = args.get(index);
    if (!type.isInstance(value)) {
      throw new IllegalStateException(
          method.signature() + " argument " + index + " is " + value.getTypeAsString() + ", not " + type.getSimpleName());
    }
    return type.cast(value);
  }

  public UInt256 moduleBalance() {
    return state.account(module.address()).balance();
  }

  /** Pays {@code amount} from the module's balance to {@code to}; reverts when the module holds too little. */
  public void pay(Address to, UInt256 amount) throws ModuleRevertException {
    payFrom(module.address(), to, amount);
  }

  /**
   * Pays {@code amount} from another module's balance, for modules that act on what a sibling holds (the verifier
   * slashing a provider's bond held by the compute market); reverts when that module holds too little.
   */
  public void payFrom(Address otherModule, Address to, UInt256 amount) throws ModuleRevertException {
    if (amount.isZero()) {
      return;
    }
    UInt256 balance = state.account(otherModule).balance();
    ModuleRevertException.require(
        !balance.lessThan(amount),
        holderName(otherModule) + " holds " + balance.toDecimalString() + " wei, cannot pay " + amount.toDecimalString() + " to " + to);
    state.subtractBalance(otherModule, amount);
    state.addBalance(to, amount);
  }

  /**
   * Creates {@code amount} new wei in this module's balance: the protocol's issuance (epoch reward emission).
   * Only a protocol call may mint; anything else is a bug in the module.
   */
  public void mint(UInt256 amount) {
    if (!isProtocol()) {
      throw new IllegalStateException(module.name() + " tried to mint outside a protocol transaction (caller " + caller + ")");
    }
    state.addBalance(module.address(), amount);
  }

  /** Destroys {@code amount} of the module's balance (slashed stake that goes to no one). */
  public void burn(UInt256 amount) throws ModuleRevertException {
    burnFrom(module.address(), amount);
  }

  /** Destroys {@code amount} of another module's balance (a slashed bond that module holds). */
  public void burnFrom(Address otherModule, UInt256 amount) throws ModuleRevertException {
    if (amount.isZero()) {
      return;
    }
    UInt256 balance = state.account(otherModule).balance();
    ModuleRevertException.require(
        !balance.lessThan(amount), holderName(otherModule) + " holds " + balance.toDecimalString() + " wei, cannot burn " + amount.toDecimalString());
    state.subtractBalance(otherModule, amount);
  }

  private String holderName(Address moduleAddress) {
    return moduleAddress.equals(module.address()) ? module.name() + " module" : "module " + moduleAddress;
  }

  /** Emits {@code event} with values in the order of its parameters. */
  public void emit(ModuleEvent event, Type<?>... values) {
    List<AbiParam> params = event.params();
    if (values.length != params.size()) {
      throw new IllegalArgumentException(
          "event " + event.signature() + " takes " + params.size() + " values, got " + values.length);
    }
    List<Bytes32> topics = new ArrayList<>();
    topics.add(event.topic());
    List<Type> data = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (params.get(i).indexed()) {
        topics.add(Bytes32.fromHexString(TypeEncoder.encode(values[i])));
      } else {
        data.add(values[i]);
      }
    }
    Bytes encoded = data.isEmpty() ? Bytes.EMPTY : Bytes.fromHexString(FunctionEncoder.encodeConstructor(data));
    logs.add(new Log(module.address(), topics, encoded));
  }

  public List<Log> logs() {
    return List.copyOf(logs);
  }
}
