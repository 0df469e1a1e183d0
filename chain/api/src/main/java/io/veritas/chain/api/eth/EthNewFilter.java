package io.veritas.chain.api.eth;

import io.veritas.chain.api.FilterRegistry;
import io.veritas.chain.api.LogFilter;
import java.util.Optional;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_newFilter}. */
public final class EthNewFilter implements JsonRpcMethod {
  private final ChainApi api;

  public EthNewFilter(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_newFilter";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    LogFilter filter = LogFilter.parse(api.chain(), params.required(0, "filter"), "filter");
    return api.filters().install(FilterRegistry.Kind.LOGS, Optional.of(filter));
  }
}
