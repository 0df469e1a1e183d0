package io.veritas.chain.module;

import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Utf8String;

/**
 * A module call that reverts: its state changes are undone, the receipt's status is 0, and the reason is
 * returned to {@code eth_call} as Solidity's {@code Error(string)} revert data, which ethers and web3j decode.
 */
public final class ModuleRevertException extends Exception {
  private static final long serialVersionUID = 1L;
  /** Selector of Solidity's Error(string). */
  public static final Bytes ERROR_SELECTOR = Bytes.fromHexString("0x08c379a0");

  public ModuleRevertException(String reason) {
    super(reason);
  }

  public String reason() {
    return getMessage();
  }

  /** Error(string) ABI encoding of the reason: the revert data of the call. */
  public Bytes revertData() {
    return encodeReason(reason());
  }

  public static Bytes encodeReason(String reason) {
    String args = FunctionEncoder.encodeConstructor(List.of(new Utf8String(reason)));
    return Bytes.concatenate(ERROR_SELECTOR, Bytes.fromHexString(args));
  }

  /** Convenience for require-style checks inside module code. */
  public static void require(boolean condition, String reason) throws ModuleRevertException {
    if (!condition) {
      throw new ModuleRevertException(reason);
    }
  }

}
