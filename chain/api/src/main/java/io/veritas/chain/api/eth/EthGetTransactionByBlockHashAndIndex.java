package io.veritas.chain.api.eth;

import io.veritas.chain.api.RpcArgs;
import io.veritas.chain.api.TransactionLookup;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getTransactionByBlockHashAndIndex}. */
public final class EthGetTransactionByBlockHashAndIndex implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetTransactionByBlockHashAndIndex(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getTransactionByBlockHashAndIndex";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(2);
    var hash = RpcArgs.hash(params, 0, "blockHash");
    long index = params.quantityLong(1, "index");
    return TransactionLookup.byIndex(api.chain(), hash, index).orElse(null);
  }
}
