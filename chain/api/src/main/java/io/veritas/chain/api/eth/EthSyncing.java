package io.veritas.chain.api.eth;


import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_syncing}. */
public final class EthSyncing implements JsonRpcMethod {
  private final ChainApi api;

  public EthSyncing(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_syncing";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return false;
  }
}
