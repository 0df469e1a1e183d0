package io.veritas.chain.api.eth;

import io.veritas.chain.api.LogFilter;
import io.veritas.chain.api.LogQuery;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getFilterLogs}. */
public final class EthGetFilterLogs implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetFilterLogs(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getFilterLogs";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    String id = params.string(0, "filterId");
    LogFilter filter = api.filters().criteria(id)
        .orElseThrow(() -> JsonRpcException.serverError("filter " + id + " is not a log filter"));
    return LogQuery.find(api.chain(), filter);
  }
}
