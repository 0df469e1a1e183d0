package io.veritas.chain.api.eth;


import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_uninstallFilter}. */
public final class EthUninstallFilter implements JsonRpcMethod {
  private final ChainApi api;

  public EthUninstallFilter(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_uninstallFilter";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    return api.filters().uninstall(params.string(0, "filterId"));
  }
}
