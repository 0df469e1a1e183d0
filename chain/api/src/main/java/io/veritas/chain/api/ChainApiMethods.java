package io.veritas.chain.api;

import io.veritas.chain.api.eth.*;
import io.veritas.chain.api.net.NetListening;
import io.veritas.chain.api.net.NetPeerCount;
import io.veritas.chain.api.net.NetVersion;
import io.veritas.chain.api.web3.Web3ClientVersion;
import io.veritas.chain.api.web3.Web3Sha3;
import io.veritas.chain.rpc.JsonRpcMethod;
import java.util.List;

/** Every eth_, net_ and web3_ method of the node, ready to register with the JSON-RPC server. */
public final class ChainApiMethods {
  private ChainApiMethods() {}

  public static List<JsonRpcMethod> create(ChainApi api, CallSimulator simulator, SubscriptionHub hub) {
    return List.of(
        new EthChainId(api),
        new EthBlockNumber(api),
        new EthSyncing(api),
        new EthAccounts(api),
        new EthGetBalance(api),
        new EthGetTransactionCount(api),
        new EthGetCode(api),
        new EthGetStorageAt(api),
        new EthGetProof(api),
        new EthGasPrice(api),
        new EthMaxPriorityFeePerGas(api),
        new EthFeeHistory(api),
        new EthGetBlockByNumber(api),
        new EthGetBlockByHash(api),
        new EthGetBlockTransactionCountByNumber(api),
        new EthGetBlockTransactionCountByHash(api),
        new EthGetTransactionByHash(api),
        new EthGetTransactionByBlockNumberAndIndex(api),
        new EthGetTransactionByBlockHashAndIndex(api),
        new EthGetTransactionReceipt(api),
        new EthGetBlockReceipts(api),
        new EthCall(api, simulator),
        new EthEstimateGas(api, simulator),
        new EthSendRawTransaction(api),
        new EthGetLogs(api),
        new EthNewFilter(api),
        new EthNewBlockFilter(api),
        new EthNewPendingTransactionFilter(api),
        new EthGetFilterChanges(api),
        new EthGetFilterLogs(api),
        new EthUninstallFilter(api),
        new EthSubscribe(api, hub),
        new EthUnsubscribe(hub),
        new NetVersion(api),
        new NetListening(api),
        new NetPeerCount(api),
        new Web3ClientVersion(api),
        new Web3Sha3());
  }
}
