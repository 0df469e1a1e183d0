package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.CallRequest;
import io.veritas.chain.api.CallSimulator;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_call}: runs a module call on a copy of a block's state and returns its ABI-encoded result. */
public final class EthCall implements JsonRpcMethod {
  private final ChainApi api;
  private final CallSimulator simulator;

  public EthCall(ChainApi api, CallSimulator simulator) {
    this.api = api;
    this.simulator = simulator;
  }

  @Override
  public String name() {
    return "eth_call";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(3);
    CallRequest request = CallRequest.parse(params.required(0, "call"), "call");
    var at = BlockParameter.require(api.chain(), params.optional(1, "block").orElse(null), "block");
    return simulator.call(request, at).toHexString();
  }
}
