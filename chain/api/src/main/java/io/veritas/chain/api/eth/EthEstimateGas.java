package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.CallRequest;
import io.veritas.chain.api.CallSimulator;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_estimateGas}: the gas a transfer or module call needs, or why it would fail. */
public final class EthEstimateGas implements JsonRpcMethod {
  private final ChainApi api;
  private final CallSimulator simulator;

  public EthEstimateGas(ChainApi api, CallSimulator simulator) {
    this.api = api;
    this.simulator = simulator;
  }

  @Override
  public String name() {
    return "eth_estimateGas";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(3);
    CallRequest request = CallRequest.parse(params.required(0, "call"), "call");
    var at = BlockParameter.require(api.chain(), params.optional(1, "block").orElse(null), "block");
    return io.veritas.chain.api.EthJson.quantity(simulator.estimateGas(request, at));
  }
}
