package io.veritas.chain.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/** Native modules dispatch on web3j's ABI encoding; this pins that it works from this module's classpath. */
class AbiDependencyTest {
  @Test
  void encodesSelectorAndArgumentsOfClaimable() {
    Function claimable =
        new Function(
            "claimable",
            List.of(new Address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")),
            List.of(new TypeReference<Uint256>() {}));
    // selector = first 4 bytes of keccak256("claimable(address)"), then the address left-padded to 32 bytes.
    assertEquals(
        "0x402914f5000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266",
        FunctionEncoder.encode(claimable));
  }

  @Test
  void decodesAUint256ReturnValue() {
    @SuppressWarnings("rawtypes") // web3j's decoder returns the raw Type
    List<Type> values =
        FunctionReturnDecoder.decode(
            "0x" + "0".repeat(63) + "7",
            org.web3j.abi.Utils.convert(List.of(new TypeReference<Uint256>() {})));
    assertEquals(BigInteger.valueOf(7), values.get(0).getValue());
  }
}
