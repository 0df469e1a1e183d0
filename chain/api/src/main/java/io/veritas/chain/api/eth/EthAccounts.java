package io.veritas.chain.api.eth;


import io.veritas.chain.api.ChainApi;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code eth_accounts}. */
public final class EthAccounts implements JsonRpcMethod {
  private final ChainApi api;

  public EthAccounts(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_accounts";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    return java.util.List.of(); // the node holds no user keys: wallets sign
  }
}
