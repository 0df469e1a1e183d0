package io.veritas.chain.module;

import io.veritas.chain.crypto.Keccak256;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Canonical Solidity signatures ("name(type,type)") and what is derived from them: selectors and topics. */
public final class AbiSignature {
  private AbiSignature() {}

  public static String of(String name, List<AbiParam> params) {
    return name + params.stream().map(AbiParam::type).collect(Collectors.joining(",", "(", ")"));
  }

  /** The first four bytes of keccak256(signature): how calldata names the method. */
  public static Bytes selector(String signature) {
    return topic(signature).slice(0, 4);
  }

  /** keccak256(signature): topic 0 of an event's logs. */
  public static Bytes32 topic(String signature) {
    return Keccak256.hash(Bytes.wrap(signature.getBytes(StandardCharsets.US_ASCII)));
  }
}
