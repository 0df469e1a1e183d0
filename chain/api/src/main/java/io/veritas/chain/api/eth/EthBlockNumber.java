package io.veritas.chain.api.eth;

import io.veritas.chain.api.EthJson;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_blockNumber}. */
public final class EthBlockNumber implements JsonRpcMethod {
  private final ChainApi api;

  public EthBlockNumber(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_blockNumber";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return EthJson.quantity(api.chain().head().number());
  }
}
