package io.veritas.chain.api;

import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.txpool.TransactionPool;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * What the eth_, net_ and web3_ methods read and write: the chain, the transaction pool, the native modules,
 * the filters of polling clients, and a few facts about the node.
 */
public record ChainApi(
    Blockchain chain,
    TransactionPool pool,
    ModuleRegistry modules,
    FilterRegistry filters,
    String clientVersion,
    IntSupplier peerCount) {
  public ChainApi {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(modules, "modules");
    Objects.requireNonNull(filters, "filters");
    Objects.requireNonNull(clientVersion, "clientVersion");
    Objects.requireNonNull(peerCount, "peerCount");
  }

  public TransactionAdmission admission() {
    return new TransactionAdmission(pool, modules);
  }

  public long chainId() {
    return chain.parameters().chainId();
  }
}
