package io.veritas.chain.module;

import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;

/**
 * A call the protocol makes into a native module, carried by a {@link ProtocolTransaction} of {@code type}:
 * ABI calldata for one of the module's protocol-only methods (those that check {@link ModuleCall#isProtocol()}).
 */
public record ProtocolCall(int type, Address module, Bytes data) {
  public ProtocolCall {
    if (!ProtocolTransaction.isProtocolType(type)) {
      throw new IllegalArgumentException(String.format("0x%02x is not a protocol transaction type", type));
    }
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(data, "data");
    if (data.size() < 4) {
      throw new IllegalArgumentException("protocol call to " + module + " needs a 4-byte selector, got " + data.size() + " bytes");
    }
  }

  /** This call as the {@code index}-th transaction of block {@code blockNumber}. */
  public ProtocolTransaction toTransaction(long chainId, long blockNumber, int index) {
    return new ProtocolTransaction(type, chainId, blockNumber, index, module, data);
  }
}
