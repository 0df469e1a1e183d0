package io.veritas.chain.api.eth;

import io.veritas.chain.api.SubscriptionHub;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.rpc.RpcConnection;

/** {@code eth_unsubscribe}: true when the subscription existed on this connection. */
public final class EthUnsubscribe implements JsonRpcMethod {
  private final SubscriptionHub hub;

  public EthUnsubscribe(SubscriptionHub hub) {
    this.hub = hub;
  }

  @Override
  public String name() {
    return "eth_unsubscribe";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    RpcConnection connection = ctx.connection()
        .orElseThrow(() -> JsonRpcException.serverError("notifications not supported: eth_unsubscribe needs a WebSocket connection"));
    var params = ctx.paramReader();
    params.expectAtMost(1);
    return hub.unsubscribe(connection, params.string(0, "subscriptionId"));
  }
}
