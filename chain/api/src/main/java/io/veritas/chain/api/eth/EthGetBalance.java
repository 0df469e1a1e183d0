package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.EthJson;
import io.veritas.chain.api.RpcArgs;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.types.Address;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getBalance}. */
public final class EthGetBalance implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetBalance(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getBalance";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(2);
    Address address = RpcArgs.address(params, 0, "address");
    BlockHeader at = BlockParameter.require(api.chain(), params.optional(1, "block").orElse(null), "block");
    return EthJson.quantity(api.chain().stateAt(at).account(address).balance());
  }
}
