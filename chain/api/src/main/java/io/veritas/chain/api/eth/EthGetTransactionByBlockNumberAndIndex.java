package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.TransactionLookup;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getTransactionByBlockNumberAndIndex}. */
public final class EthGetTransactionByBlockNumberAndIndex implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetTransactionByBlockNumberAndIndex(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getTransactionByBlockNumberAndIndex";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(2);
    var header = BlockParameter.resolve(api.chain(), params.required(0, "block"), "block");
    long index = params.quantityLong(1, "index");
    return header.flatMap(h -> TransactionLookup.byIndex(api.chain(), h.hash(), index)).orElse(null);
  }
}
