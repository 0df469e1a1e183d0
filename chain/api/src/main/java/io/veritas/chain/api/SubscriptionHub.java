package io.veritas.chain.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.blockchain.CommittedBlock;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.RpcConnection;
import io.veritas.chain.tx.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live eth_subscribe subscriptions of WebSocket clients: newHeads, logs and newPendingTransactions.
 * A subscription ends with eth_unsubscribe or when its connection closes.
 */
public final class SubscriptionHub {
  public enum Kind { NEW_HEADS, LOGS, NEW_PENDING_TRANSACTIONS }

  private record Subscription(RpcConnection connection, Kind kind, Optional<LogFilter> filter) {}

  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();

  public String subscribe(RpcConnection connection, Kind kind, Optional<LogFilter> filter) throws JsonRpcException {
    String[] holder = new String[1];
    String id = connection.addSubscription(() -> subscriptions.remove(holder[0]));
    holder[0] = id;
    subscriptions.put(id, new Subscription(connection, kind, filter));
    return id;
  }

  public boolean unsubscribe(RpcConnection connection, String id) {
    Subscription sub = subscriptions.get(id);
    if (sub == null || !sub.connection().id().equals(connection.id())) {
      return false;
    }
    subscriptions.remove(id);
    return connection.removeSubscription(id);
  }

  public void onNewBlock(CommittedBlock committed) {
    ObjectNode header = null;
    for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
      Subscription sub = e.getValue();
      if (!sub.connection().isOpen()) {
        subscriptions.remove(e.getKey());
        continue;
      }
      switch (sub.kind()) {
        case NEW_HEADS -> {
          if (header == null) {
            header = EthJson.header(committed.block());
          }
          sub.connection().sendSubscriptionEvent(e.getKey(), header);
        }
        case LOGS -> {
          List<ObjectNode> logs = new ArrayList<>();
          try {
            LogQuery.collect(committed.block(), committed.receipts(), sub.filter().orElseThrow(), logs);
          } catch (JsonRpcException tooMany) {
            // Deliver the first MAX_RESULTS of an unusually log-heavy block.
          }
          logs.forEach(log -> sub.connection().sendSubscriptionEvent(e.getKey(), log));
        }
        case NEW_PENDING_TRANSACTIONS -> { }
      }
    }
  }

  public void onPendingTransaction(Transaction tx) {
    for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
      if (e.getValue().kind() == Kind.NEW_PENDING_TRANSACTIONS && e.getValue().connection().isOpen()) {
        e.getValue().connection().sendSubscriptionEvent(e.getKey(), tx.hash().toHexString());
      }
    }
  }
}
