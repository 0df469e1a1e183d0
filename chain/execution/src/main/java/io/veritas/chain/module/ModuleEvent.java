package io.veritas.chain.module;

import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * An event a module emits as an Ethereum-style log: topic 0 is keccak256 of the signature, indexed
 * parameters follow as topics, the rest is ABI-encoded in the data — so ethers/web3j event filters work.
 */
public record ModuleEvent(String name, List<AbiParam> params) {
  public ModuleEvent {
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    long indexed = params.stream().filter(AbiParam::indexed).count();
    if (indexed > 3) {
      throw new IllegalArgumentException("event " + name + " has " + indexed + " indexed parameters; at most 3");
    }
  }

  public String signature() {
    return AbiSignature.of(name, params);
  }

  public Bytes32 topic() {
    return AbiSignature.topic(signature());
  }
}
