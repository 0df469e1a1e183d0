package io.veritas.verifier.module;

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

/** Calldata of the market's and the verifier's methods, built the way a web3j client builds it. */
final class Calls {
  private Calls() {}

  static Function registerProvider(List<Bytes32> models, long pricePerToken, io.veritas.chain.types.Address payout, String endpoint) {
    return new Function("registerProvider", List.of(
        new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class, models.stream().map(Calls::bytes32).toList()),
        new Uint256(pricePerToken), new Address(payout.toHexString()), new Utf8String(endpoint)), List.of());
  }

  static Function deregisterProvider() {
    return new Function("deregisterProvider", List.of(), List.of());
  }

  static Function submitJob(Bytes32 model, Bytes prompt, long maxTokens, long seed) {
    return new Function("submitJob", List.of(bytes32(model), new DynamicBytes(prompt.toArrayUnsafe()), new Uint32(maxTokens),
        new Uint64(seed)), List.of(new TypeReference<Uint256>() {}));
  }

  static Function commitResult(long jobId, List<Long> tokens, Bytes32 sealedTrace) {
    return new Function("commitResult", List.of(new Uint256(jobId),
        new DynamicArray<>(Uint32.class, tokens.stream().map(Uint32::new).toList()), bytes32(sealedTrace)), List.of());
  }

  static Function getJobStatus(long jobId) {
    return new Function("getJob", List.of(new Uint256(jobId)), List.of(new TypeReference<Uint8>() {}));
  }

  static Function getProviderBond(io.veritas.chain.types.Address provider) {
    return new Function("getProvider", List.of(new Address(provider.toHexString())), List.of(new TypeReference<Uint256>() {}));
  }

  static Function commitVerdict(long challengeId, Bytes32 seal) {
    return new Function("commitVerdict", List.of(new Uint256(challengeId), bytes32(seal)), List.of());
  }

  static Function revealVerdict(long challengeId, Bytes32 verdictRoot, Bytes32 salt) {
    return new Function("revealVerdict", List.of(new Uint256(challengeId), bytes32(verdictRoot), bytes32(salt)), List.of());
  }

  static Function revealTrace(long challengeId, Bytes32 traceRoot, Bytes32 salt) {
    return new Function("revealTrace", List.of(new Uint256(challengeId), bytes32(traceRoot), bytes32(salt)), List.of());
  }

  static Function issueChallenge(long jobId, List<io.veritas.chain.types.Address> verifiers) {
    return new Function("issueChallenge", List.of(new Uint256(jobId),
        new DynamicArray<>(Address.class, verifiers.stream().map(a -> new Address(a.toHexString())).toList())), List.of());
  }

  static Function resolveChallenge(long challengeId) {
    return new Function("resolveChallenge", List.of(new Uint256(challengeId)), List.of());
  }

  static Function getChallenge(long challengeId) {
    return new Function("getChallenge", List.of(new Uint256(challengeId)), List.of(
        new TypeReference<Uint256>() {}, new TypeReference<Address>() {}, new TypeReference<Uint8>() {}, new TypeReference<Uint8>() {},
        new TypeReference<Uint8>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {},
        new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}, new TypeReference<org.web3j.abi.datatypes.generated.Bytes32>() {},
        new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}, new TypeReference<DynamicArray<Address>>() {},
        new TypeReference<DynamicArray<Uint8>>() {}, new TypeReference<DynamicArray<org.web3j.abi.datatypes.generated.Bytes32>>() {},
        new TypeReference<DynamicArray<Uint64>>() {}, new TypeReference<DynamicArray<org.web3j.abi.datatypes.generated.Bytes32>>() {},
        new TypeReference<DynamicArray<Uint64>>() {}));
  }

  static Function challengeCount() {
    return new Function("challengeCount", List.of(), List.of(new TypeReference<Uint256>() {}));
  }

  static Function openChallengesOf(io.veritas.chain.types.Address who) {
    return new Function("openChallengesOf", List.of(new Address(who.toHexString())),
        List.of(new TypeReference<DynamicArray<Uint256>>() {}, new TypeReference<DynamicArray<Uint8>>() {}));
  }

  static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
    return new org.web3j.abi.datatypes.generated.Bytes32(value.toArrayUnsafe());
  }

  static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
