package io.veritas.chain.api.eth;

import io.veritas.chain.api.FilterRegistry;
import java.util.Optional;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_newPendingTransactionFilter}. */
public final class EthNewPendingTransactionFilter implements JsonRpcMethod {
  private final ChainApi api;

  public EthNewPendingTransactionFilter(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_newPendingTransactionFilter";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return api.filters().install(FilterRegistry.Kind.PENDING_TRANSACTIONS, Optional.empty());
  }
}
