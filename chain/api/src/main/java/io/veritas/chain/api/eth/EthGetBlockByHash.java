package io.veritas.chain.api.eth;

import io.veritas.chain.api.EthJson;
import io.veritas.chain.api.RpcArgs;
import org.apache.tuweni.bytes.Bytes32;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getBlockByHash}. */
public final class EthGetBlockByHash implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetBlockByHash(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getBlockByHash";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(2);
    Bytes32 hash = RpcArgs.hash(params, 0, "blockHash");
    boolean full = params.optionalBool(1, "fullTransactions").orElse(false);
    return api.chain().block(hash).map(b -> EthJson.block(b, full)).orElse(null);
  }
}
