package io.veritas.chain.api.web3;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import org.apache.tuweni.bytes.Bytes;

/** {@code web3_sha3}: keccak256 of the given data. */
public final class Web3Sha3 implements JsonRpcMethod {
  @Override
  public String name() {
    return "web3_sha3";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    return Keccak256.hash(Bytes.wrap(params.hexBytes(0, "data"))).toHexString();
  }
}
