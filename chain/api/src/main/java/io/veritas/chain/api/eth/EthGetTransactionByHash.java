package io.veritas.chain.api.eth;

import io.veritas.chain.api.EthJson;
import io.veritas.chain.api.RpcArgs;
import io.veritas.chain.api.TransactionLookup;
import io.veritas.chain.blockchain.TransactionLocation;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_getTransactionByHash}. */
public final class EthGetTransactionByHash implements JsonRpcMethod {
  private final ChainApi api;

  public EthGetTransactionByHash(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getTransactionByHash";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    Bytes32 hash = RpcArgs.hash(params, 0, "transactionHash");
    Optional<TransactionLocation> location = api.chain().transactionLocation(hash);
    if (location.isPresent()) {
      return TransactionLookup.committed(api.chain(), location.get());
    }
    return api.pool().get(hash).map(tx -> EthJson.transaction(tx, Optional.empty())).orElse(null);
  }
}
