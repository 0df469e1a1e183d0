package io.veritas.chain.api.eth;

import io.veritas.chain.api.EthJson;
import io.veritas.chain.api.RpcArgs;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getBlockTransactionCountByHash}. */
public final class EthGetBlockTransactionCountByHash implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetBlockTransactionCountByHash(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getBlockTransactionCountByHash";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    return api.chain().block(RpcArgs.hash(params, 0, "blockHash"))
        .map(b -> EthJson.quantity(b.transactions().size()))
        .orElse(null);
  }
}
