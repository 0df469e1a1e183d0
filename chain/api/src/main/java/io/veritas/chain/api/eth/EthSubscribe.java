package io.veritas.chain.api.eth;

import io.veritas.chain.api.ChainApi;
import io.veritas.chain.api.LogFilter;
import io.veritas.chain.api.SubscriptionHub;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.rpc.RpcConnection;
import java.util.Optional;

/** {@code eth_subscribe}: newHeads, logs (with a filter) and newPendingTransactions, over WebSocket only. */
public final class EthSubscribe implements JsonRpcMethod {
  private final ChainApi api;
  private final SubscriptionHub hub;

  public EthSubscribe(ChainApi api, SubscriptionHub hub) {
    this.api = api;
    this.hub = hub;
  }

  @Override
  public String name() {
    return "eth_subscribe";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    RpcConnection connection = ctx.connection()
        .orElseThrow(() -> JsonRpcException.serverError("notifications not supported: eth_subscribe needs a WebSocket connection"));
    var params = ctx.paramReader();
    params.expectAtMost(2);
    String kind = params.string(0, "subscription");
    return switch (kind) {
      case "newHeads" -> hub.subscribe(connection, SubscriptionHub.Kind.NEW_HEADS, Optional.empty());
      case "newPendingTransactions" -> hub.subscribe(connection, SubscriptionHub.Kind.NEW_PENDING_TRANSACTIONS, Optional.empty());
      case "logs" -> hub.subscribe(connection, SubscriptionHub.Kind.LOGS,
          Optional.of(LogFilter.parse(api.chain(), params.optional(1, "filter").orElse(null), "filter")));
      default -> throw JsonRpcException.invalidParams(
          "unknown subscription '" + kind + "' (supported: newHeads, logs, newPendingTransactions)");
    };
  }
}
