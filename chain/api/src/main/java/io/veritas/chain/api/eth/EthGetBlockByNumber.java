package io.veritas.chain.api.eth;

import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.EthJson;
import io.veritas.chain.block.BlockHeader;
import java.util.Optional;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getBlockByNumber}. */
public final class EthGetBlockByNumber implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetBlockByNumber(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getBlockByNumber";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(2);
    boolean full = params.optionalBool(1, "fullTransactions").orElse(false);
    Optional<BlockHeader> header = BlockParameter.resolve(api.chain(), params.required(0, "block"), "block");
    return header.flatMap(h -> api.chain().block(h.hash())).map(b -> EthJson.block(b, full)).orElse(null);
  }
}
