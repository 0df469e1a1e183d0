package io.veritas.chain.api.net;

import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code net_listening}: whether the node accepts peer connections (always, while it runs). */
public final class NetListening implements JsonRpcMethod {
  private final ChainApi api;

  public NetListening(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "net_listening";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return true;
  }
}
