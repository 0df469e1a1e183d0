package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.EthJson;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getBlockTransactionCountByNumber}. */
public final class EthGetBlockTransactionCountByNumber implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetBlockTransactionCountByNumber(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getBlockTransactionCountByNumber";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    return BlockParameter.resolve(api.chain(), params.required(0, "block"), "block")
        .flatMap(h -> api.chain().block(h.hash()))
        .map(b -> EthJson.quantity(b.transactions().size()))
        .orElse(null);
  }
}
