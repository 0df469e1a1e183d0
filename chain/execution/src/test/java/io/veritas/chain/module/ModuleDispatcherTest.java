package io.veritas.chain.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.types.Address;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;

class ModuleDispatcherTest {
  private static final Address ALICE = Address.fromHex("0x00000000000000000000000000000000000a11ce");
  private final ModuleDispatcher dispatcher = new ModuleDispatcher(new ModuleRegistry(List.of(new NoteBoardModule())));
  private final WorldState state = WorldState.empty(new InMemoryKeyValueStore());
  private final BlockContext block = new BlockContext(1, 1_000, Address.ZERO, UInt256.valueOf(7), 30_000_000, Bytes32.ZERO);

  private static Bytes calldata(String name, org.web3j.abi.datatypes.Type<?>... args) {
    return Bytes.fromHexString(FunctionEncoder.encode(new Function(name, List.of(args), List.of())));
  }

  @Test
  void selectorIsTheFirstFourBytesOfKeccakOfTheSignature() {
    ModuleMethod post = new NoteBoardModule().methods().get(0);
    assertEquals("post(string)", post.signature());
    // keccak256("post(string)") = 0x4b8e... checked against web3j's own encoder
    assertEquals(calldata("post", new Utf8String("x")).slice(0, 4), post.selector());
  }

  @Test
  void callStoresStateEmitsEventAndViewReadsIt() throws Exception {
    var result = dispatcher.call(NoteBoardModule.ADDRESS, calldata("post", new Utf8String("hello veritas")), ALICE, UInt256.ZERO, block, state);
    assertEquals(Bytes.EMPTY, result.returnData());
    assertEquals(1, result.logs().size());
    var log = result.logs().get(0);
    assertEquals(NoteBoardModule.ADDRESS, log.address());
    assertEquals(NoteBoardModule.NOTE_POSTED.topic(), log.topics().get(0));
    assertEquals(Bytes32.leftPad(ALICE.bytes()), log.topics().get(1));
    assertEquals(
        Bytes.fromHexString(FunctionEncoder.encodeConstructor(List.of(new org.web3j.abi.datatypes.generated.Uint256(0), new Utf8String("hello veritas")))),
        log.data());

    var view = dispatcher.call(NoteBoardModule.ADDRESS,
        calldata("noteOf", new org.web3j.abi.datatypes.Address(ALICE.toHexString())), ALICE, UInt256.ZERO, block, state);
    assertEquals(Bytes.fromHexString(FunctionEncoder.encodeConstructor(List.of(new Utf8String("hello veritas")))), view.returnData());
  }

  @Test
  void longValuesSpanSeveralSlotsAndShorterRewritesClearTheTail() throws Exception {
    String longNote = "a".repeat(100);
    dispatcher.call(NoteBoardModule.ADDRESS, calldata("post", new Utf8String(longNote)), ALICE, UInt256.ZERO, block, state);
    Bytes32 rootAfterLong = state.rootHash();
    dispatcher.call(NoteBoardModule.ADDRESS, calldata("post", new Utf8String("b")), ALICE, UInt256.ZERO, block, state);
    WorldState fresh = WorldState.empty(new InMemoryKeyValueStore());
    dispatcher.call(NoteBoardModule.ADDRESS, calldata("post", new Utf8String("b")), ALICE, UInt256.ZERO, block, fresh);
    assertEquals(fresh.rootHash(), state.rootHash(), "no stale words of the longer note remain");
    assertEquals(false, rootAfterLong.equals(state.rootHash()));
  }

  @Test
  void revertsWithReasonForUnknownSelector() {
    var e = assertThrows(ModuleRevertException.class,
        () -> dispatcher.call(NoteBoardModule.ADDRESS, Bytes.fromHexString("0xdeadbeef"), ALICE, UInt256.ZERO, block, state));
    assertEquals("noteboard module has no method with selector 0xdeadbeef", e.reason());
    assertEquals(
        "0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "0000000000000000000000000000000000000000000000000000000000000037"
            + Bytes.wrap("noteboard module has no method with selector 0xdeadbeef".getBytes()).toUnprefixedHexString()
            + "000000000000000000",
        e.revertData().toHexString());
  }

  @Test
  void revertsOnShortCalldata() {
    var e = assertThrows(ModuleRevertException.class,
        () -> dispatcher.call(NoteBoardModule.ADDRESS, Bytes.fromHexString("0x4b8e"), ALICE, UInt256.ZERO, block, state));
    assertEquals("noteboard module needs calldata with a 4-byte method selector, got 2 bytes", e.reason());
  }

  @Test
  void revertsOnNonCanonicalArguments() {
    Bytes good = calldata("post", new Utf8String("x"));
    Bytes truncated = good.slice(0, good.size() - 1);
    var e = assertThrows(ModuleRevertException.class,
        () -> dispatcher.call(NoteBoardModule.ADDRESS, truncated, ALICE, UInt256.ZERO, block, state));
    assertEquals(true, e.reason().startsWith("malformed calldata for post(string)"), e.reason());
    Bytes trailing = Bytes.concatenate(good, Bytes.of(0));
    var e2 = assertThrows(ModuleRevertException.class,
        () -> dispatcher.call(NoteBoardModule.ADDRESS, trailing, ALICE, UInt256.ZERO, block, state));
    assertEquals("malformed calldata for post(string): arguments are not a canonical ABI encoding", e2.reason());
  }

  @Test
  void revertsWhenValueIsSentToANonPayableMethod() {
    var e = assertThrows(ModuleRevertException.class, () -> dispatcher.call(NoteBoardModule.ADDRESS,
        calldata("refund", new org.web3j.abi.datatypes.generated.Uint256(1)), ALICE, UInt256.valueOf(5), block, state));
    assertEquals("refund(uint256) is not payable, but the call sent 5 wei", e.reason());
  }

  @Test
  void methodRevertReasonComesThrough() {
    var e = assertThrows(ModuleRevertException.class,
        () -> dispatcher.call(NoteBoardModule.ADDRESS, calldata("post", new Utf8String("")), ALICE, UInt256.ZERO, block, state));
    assertEquals("note must not be empty", e.reason());
  }

  @Test
  void payRevertsWhenTheModuleHoldsTooLittle() {
    var e = assertThrows(ModuleRevertException.class, () -> dispatcher.call(NoteBoardModule.ADDRESS,
        calldata("refund", new org.web3j.abi.datatypes.generated.Uint256(10)), ALICE, UInt256.ZERO, block, state));
    assertEquals("noteboard module holds 0 wei, cannot pay 10 to " + ALICE, e.reason());
  }

  @Test
  void registryRejectsTwoModulesAtOneAddress() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new ModuleRegistry(List.of(new NoteBoardModule(), new NoteBoardModule())));
    assertEquals("two native modules at address " + NoteBoardModule.ADDRESS, e.getMessage());
  }

  @Test
  void abiJsonListsMethodsAndEventsInSolidityForm() {
    String json = ModuleAbiJson.render(new NoteBoardModule()).replaceAll("\\s+", "");
    assertEquals(true, json.contains(
        "{\"type\":\"function\",\"name\":\"post\",\"inputs\":[{\"name\":\"note\",\"type\":\"string\"}],\"outputs\":[],\"stateMutability\":\"payable\"}"), json);
    assertEquals(true, json.contains(
        "{\"type\":\"event\",\"name\":\"NotePosted\",\"inputs\":[{\"name\":\"author\",\"type\":\"address\",\"indexed\":true},"
            + "{\"name\":\"paid\",\"type\":\"uint256\",\"indexed\":false},{\"name\":\"note\",\"type\":\"string\",\"indexed\":false}],\"anonymous\":false}"), json);
  }
}
