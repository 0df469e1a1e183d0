package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.RpcArgs;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getCode}. */
public final class EthGetCode implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetCode(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getCode";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(2);
    RpcArgs.address(params, 0, "address");
    BlockParameter.require(api.chain(), params.optional(1, "block").orElse(null), "block");
    // No EVM, so no account has code; native modules answer calls without bytecode.
    return "0x";
  }
}
