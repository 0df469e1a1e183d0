package io.veritas.chain.api.net;

import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code net_peerCount}: connected peers, as a hex quantity. */
public final class NetPeerCount implements JsonRpcMethod {
  private final ChainApi api;

  public NetPeerCount(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "net_peerCount";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return io.veritas.chain.api.EthJson.quantity(api.peerCount().getAsInt());
  }
}
