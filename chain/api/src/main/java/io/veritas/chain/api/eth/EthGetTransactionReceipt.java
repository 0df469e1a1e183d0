package io.veritas.chain.api.eth;

import io.veritas.chain.api.RpcArgs;
import io.veritas.chain.api.TransactionLookup;
import org.apache.tuweni.bytes.Bytes32;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getTransactionReceipt}. */
public final class EthGetTransactionReceipt implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetTransactionReceipt(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getTransactionReceipt";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    Bytes32 hash = RpcArgs.hash(params, 0, "transactionHash");
    return api.chain().transactionLocation(hash).map(loc -> TransactionLookup.receipt(api.chain(), loc)).orElse(null);
  }
}
