package io.veritas.chain.module;

import io.veritas.chain.types.Address;
import java.util.List;

/**
 * A built-in contract: Java code at a fixed address, called with Solidity-ABI calldata, keeping its state in
 * its own account's storage and emitting Ethereum-style logs. There is no EVM; these are the only
 * addresses that accept calldata.
 */
public interface NativeModule {
  Address address();

  /** Short name, e.g. "staking": used in logs, errors and the ABI file name. */
  String name();

  List<ModuleMethod> methods();

  List<ModuleEvent> events();
}
