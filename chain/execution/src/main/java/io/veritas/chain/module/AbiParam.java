package io.veritas.chain.module;

import java.util.Objects;

/**
 * One parameter of a module method or event, as it appears in the module's ABI JSON: a name and a Solidity
 * type string ("uint256", "bytes32[]", "address"...). {@code indexed} only matters for event parameters.
 */
public record AbiParam(String name, String type, boolean indexed) {
  public AbiParam {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException("ABI parameter '" + name + "' has no type");
    }
  }

  public static AbiParam of(String name, String type) {
    return new AbiParam(name, type, false);
  }

  public static AbiParam indexed(String name, String type) {
    return new AbiParam(name, type, true);
  }
}
