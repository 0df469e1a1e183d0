package io.veritas.chain.api.eth;

import io.veritas.chain.api.ChainApi;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.tx.InvalidTransactionException;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionDecoder;
import io.veritas.chain.txpool.AddResult;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * {@code eth_sendRawTransaction}: decodes a signed transaction, admits it to the pool and returns exactly
 * keccak256 of the raw bytes. Undecodable input is an invalid-params error (-32602); a well-formed
 * transaction the node refuses (nonce, funds, price, chain id...) is a server error (-32000) whose message
 * uses geth's wording, which wallets recognise.
 */
public final class EthSendRawTransaction implements JsonRpcMethod {
  private final ChainApi api;

  public EthSendRawTransaction(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_sendRawTransaction";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(1);
    Bytes raw = Bytes.wrap(params.hexBytes(0, "transaction"));
    Transaction tx;
    try {
      tx = TransactionDecoder.decode(raw);
    } catch (InvalidTransactionException e) {
      throw JsonRpcException.invalidParams("invalid transaction: " + e.getMessage());
    }
    // The decoder accepts only the canonical encoding, so raw is tx.encoded(): the pool need not rebuild it.
    Bytes32 hash = Keccak256.hash(raw);
    AddResult result = api.admission().admit(tx, raw, hash);
    if (result instanceof AddResult.Rejected rejected) {
      throw JsonRpcException.serverError(rejected.message());
    }
    return hash.toHexString();
  }
}
