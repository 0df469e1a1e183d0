package io.veritas.chain.api.net;

import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code net_version}: the network id, which is the chain id, as a decimal string. */
public final class NetVersion implements JsonRpcMethod {
  private final ChainApi api;

  public NetVersion(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "net_version";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return Long.toString(api.chainId());
  }
}
