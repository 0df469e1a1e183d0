package io.veritas.chain.api.eth;

import io.veritas.chain.api.EthJson;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_gasPrice}. */
public final class EthGasPrice implements JsonRpcMethod {
  private final ChainApi api;

  public EthGasPrice(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_gasPrice";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return EthJson.quantity(api.chain().nextBaseFee().add(api.pool().config().minPriorityFee()));
  }
}
