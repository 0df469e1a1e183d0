package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.RpcArgs;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.types.Address;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getStorageAt}. */
public final class EthGetStorageAt implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetStorageAt(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getStorageAt";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(3);
    Address address = RpcArgs.address(params, 0, "address");
    Bytes32 slot = Bytes32.leftPad(Bytes.wrap(params.quantityBig(1, "slot").toByteArray()).trimLeadingZeros());
    BlockHeader at = BlockParameter.require(api.chain(), params.optional(2, "block").orElse(null), "block");
    return api.chain().stateAt(at).storage(address, slot).toHexString();
  }
}
