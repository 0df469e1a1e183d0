package io.veritas.chain.api.web3;

import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code web3_clientVersion}: e.g. "veritas/0.1.0/linux-amd64/java25". */
public final class Web3ClientVersion implements JsonRpcMethod {
  private final ChainApi api;

  public Web3ClientVersion(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "web3_clientVersion";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return api.clientVersion();
  }
}
