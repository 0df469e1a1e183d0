package io.veritas.market.module;

import java.math.BigInteger;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/** Calldata of the compute market's methods, built the way a web3j client builds it. */
final class MarketCalls {
  private MarketCalls() {}

  static Function registerProvider(List<Bytes32> models, long pricePerToken, io.veritas.chain.types.Address payout, String endpoint) {
    List<org.web3j.abi.datatypes.generated.Bytes32> ids = models.stream().map(MarketCalls::bytes32).toList();
    return new Function("registerProvider", List.of(
        new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class, ids), new Uint256(pricePerToken),
        new Address(payout.toHexString()), new Utf8String(endpoint)), List.of());
  }

  static Function deregisterProvider() {
    return new Function("deregisterProvider", List.of(), List.of());
  }

  static Function withdrawBond() {
    return new Function("withdrawBond", List.of(), List.of());
  }

  static Function submitJob(Bytes32 model, Bytes prompt, long maxTokens, long seed) {
    return new Function("submitJob", List.of(bytes32(model), new DynamicBytes(prompt.toArrayUnsafe()), new Uint32(maxTokens),
        new Uint64(seed)), List.of(new TypeReference<Uint256>() {}));
  }

  static Function commitResult(long jobId, List<Long> tokens, Bytes32 sealedTrace) {
    return new Function("commitResult", List.of(new Uint256(jobId),
        new DynamicArray<>(Uint32.class, tokens.stream().map(Uint32::new).toList()), bytes32(sealedTrace)), List.of());
  }

  static Function processDue(List<Long> jobIds, long cursorHeight, long cursorIndex) {
    return new Function("processDue", List.of(new DynamicArray<>(Uint256.class, jobIds.stream().map(Uint256::new).toList()),
        new Uint64(cursorHeight), new Uint64(cursorIndex)), List.of());
  }

  static Function getJob(long jobId) {
    return new Function("getJob", List.of(new Uint256(jobId)), List.of(
        new TypeReference<Uint8>() {}, new TypeReference<Address>() {}, new TypeReference<Address>() {},
        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {}, new TypeReference<Uint32>() {},
        new TypeReference<Uint64>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {},
        new TypeReference<Uint256>() {}, new TypeReference<DynamicArray<Uint32>>() {},
        new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {}, new TypeReference<Uint64>() {},
        new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {},
        new TypeReference<Uint8>() {}, new TypeReference<Address>() {}));
  }

  static Function getPrompt(long jobId) {
    return new Function("getPrompt", List.of(new Uint256(jobId)), List.of(new TypeReference<DynamicBytes>() {}));
  }

  static Function jobChallenge(long jobId) {
    return new Function("jobChallenge", List.of(new Uint256(jobId)), List.of(new TypeReference<Uint256>() {}));
  }

  static Function dueTransition(long jobId) {
    return new Function("dueTransition", List.of(new Uint256(jobId)), List.of(new TypeReference<Uint8>() {}, new TypeReference<Uint64>() {}));
  }

  static Function getProvider(io.veritas.chain.types.Address provider) {
    return new Function("getProvider", List.of(new Address(provider.toHexString())), List.of(
        new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}, new TypeReference<Address>() {},
        new TypeReference<Utf8String>() {}, new TypeReference<DynamicArray<org.web3j.abi.datatypes.generated.Bytes32>>() {},
        new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint32>() {},
        new TypeReference<Uint32>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}));
  }

  static Function providerAt(long index) {
    return new Function("providerAt", List.of(new Uint256(index)), List.of(new TypeReference<Address>() {}));
  }

  static Function providerCount() {
    return new Function("providerCount", List.of(), List.of(new TypeReference<Uint256>() {}));
  }

  static Function jobCount() {
    return new Function("jobCount", List.of(), List.of(new TypeReference<Uint256>() {}));
  }

  static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
    return new org.web3j.abi.datatypes.generated.Bytes32(value.toArrayUnsafe());
  }

  static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
