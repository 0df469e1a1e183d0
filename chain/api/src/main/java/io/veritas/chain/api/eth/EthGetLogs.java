package io.veritas.chain.api.eth;

import io.veritas.chain.api.LogFilter;
import io.veritas.chain.api.LogQuery;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getLogs}. */
public final class EthGetLogs implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetLogs(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getLogs";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    return LogQuery.find(api.chain(), LogFilter.parse(api.chain(), params.required(0, "filter"), "filter"));
  }
}
