package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.TransactionLookup;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getBlockReceipts}. */
public final class EthGetBlockReceipts implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetBlockReceipts(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getBlockReceipts";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    return BlockParameter.resolve(api.chain(), params.required(0, "block"), "block")
        .map(h -> TransactionLookup.blockReceipts(api.chain(), h.hash()))
        .orElse(null);
  }
}
