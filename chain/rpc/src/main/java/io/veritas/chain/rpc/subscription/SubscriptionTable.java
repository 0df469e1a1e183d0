package io.veritas.chain.rpc.subscription;

import io.veritas.chain.rpc.JsonRpcException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of one connection: ids to cancel hooks, bounded in number. Once {@link #cancelAll()}
 * ran (the connection closed), new subscriptions are cancelled at once. Thread-safe.
 */
public final class SubscriptionTable {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionTable.class);

  private final int maxSubscriptions;
  private final Supplier<String> idGenerator;
  private final Map<String, Runnable> cancelHooks = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param maxSubscriptions the most live subscriptions allowed
   * @param idGenerator makes new subscription ids; ids it repeats are skipped
   */
  public SubscriptionTable(int maxSubscriptions, Supplier<String> idGenerator) {
    if (maxSubscriptions <= 0) {
      throw new IllegalArgumentException("maxSubscriptions must be positive, got " + maxSubscriptions);
    }
    this.maxSubscriptions = maxSubscriptions;
    this.idGenerator = Objects.requireNonNull(idGenerator, "idGenerator");
  }

  /** Adds a subscription and returns its id; see {@link io.veritas.chain.rpc.RpcConnection#addSubscription}. */
  public String add(Runnable onCancel) throws JsonRpcException {
    Objects.requireNonNull(onCancel, "onCancel");
    synchronized (this) {
      if (!closed) {
        if (cancelHooks.size() >= maxSubscriptions) {
          throw JsonRpcException.limitExceeded(
              "subscription limit reached: this connection already holds " + maxSubscriptions + " subscriptions");
        }
        String id = idGenerator.get();
        while (cancelHooks.containsKey(id)) {
          id = idGenerator.get();
        }
        cancelHooks.put(id, onCancel);
        return id;
      }
    }
    runQuietly(onCancel);
    throw new JsonRpcException(JsonRpcException.SERVER_ERROR, "the connection is closed");
  }

  /** Removes one subscription and runs its cancel hook; false when the id is not live. */
  public boolean remove(String id) {
    Runnable hook;
    synchronized (this) {
      hook = cancelHooks.remove(id);
    }
    if (hook == null) {
      return false;
    }
    runQuietly(hook);
    return true;
  }

  public synchronized boolean contains(String id) {
    return cancelHooks.containsKey(id);
  }

  public synchronized int size() {
    return cancelHooks.size();
  }

  /** Cancels every subscription, in the order they were made, and refuses new ones from now on. */
  public void cancelAll() {
    List<Runnable> hooks;
    synchronized (this) {
      closed = true;
      hooks = new ArrayList<>(cancelHooks.values());
      cancelHooks.clear();
    }
    hooks.forEach(SubscriptionTable::runQuietly);
  }

  /** A failing hook must not stop the others; it is logged with its stack trace. */
  private static void runQuietly(Runnable hook) {
    try {
      hook.run();
    } catch (RuntimeException e) {
      LOG.error("subscription cancel hook failed", e);
    }
  }
}
