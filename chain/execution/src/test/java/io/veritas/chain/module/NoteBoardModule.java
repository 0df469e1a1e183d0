package io.veritas.chain.module;

import io.veritas.chain.types.Address;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * A small native module used only by tests to exercise the SPI end to end: a payable method that stores a
 * string and emits an event, a view, and a method that pays out of the module's balance or reverts.
 */
final class NoteBoardModule implements NativeModule {
  static final Address ADDRESS = Address.fromLong(0x9000);
  static final ModuleEvent NOTE_POSTED =
      new ModuleEvent("NotePosted", List.of(AbiParam.indexed("author", "address"), AbiParam.of("paid", "uint256"), AbiParam.of("note", "string")));
  private static final Bytes32 NOTES = ModuleStorage.namedSlot("notes");

  @Override
  public Address address() {
    return ADDRESS;
  }

  @Override
  public String name() {
    return "noteboard";
  }

  @Override
  public List<ModuleMethod> methods() {
    return List.of(
        new ModuleMethod("post", List.of(AbiParam.of("note", "string")), List.of(), Mutability.PAYABLE, 5_000, 10, this::post),
        new ModuleMethod("noteOf", List.of(AbiParam.of("author", "address")), List.of(AbiParam.of("", "string")), Mutability.VIEW, 1_000, 0, this::noteOf),
        new ModuleMethod("refund", List.of(AbiParam.of("amount", "uint256")), List.of(), Mutability.NONPAYABLE, 2_000, 0, this::refund));
  }

  @Override
  public List<ModuleEvent> events() {
    return List.of(NOTE_POSTED);
  }

  private List<org.web3j.abi.datatypes.Type<?>> post(ModuleCall call) throws ModuleRevertException {
    String note = call.arg(0, Utf8String.class).getValue();
    ModuleRevertException.require(!note.isEmpty(), "note must not be empty");
    call.storage().putBytes(slotOf(call.caller()), Bytes.wrap(note.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    call.emit(NOTE_POSTED, new org.web3j.abi.datatypes.Address(call.caller().toHexString()), new Uint256(call.value().toBigInteger()), new Utf8String(note));
    return List.of();
  }

  private List<org.web3j.abi.datatypes.Type<?>> noteOf(ModuleCall call) {
    Address author = Address.fromHex(call.arg(0, org.web3j.abi.datatypes.Address.class).getValue());
    Bytes note = call.storage().getBytes(slotOf(author));
    return List.of(new Utf8String(new String(note.toArrayUnsafe(), java.nio.charset.StandardCharsets.UTF_8)));
  }

  private List<org.web3j.abi.datatypes.Type<?>> refund(ModuleCall call) throws ModuleRevertException {
    call.pay(call.caller(), UInt256.valueOf(call.arg(0, Uint256.class).getValue()));
    return List.of();
  }

  static Bytes32 slotOf(Address author) {
    return ModuleStorage.mappingSlot(NOTES, Bytes32.leftPad(author.bytes()));
  }
}
