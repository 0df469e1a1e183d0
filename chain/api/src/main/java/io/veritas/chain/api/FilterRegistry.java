package io.veritas.chain.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.veritas.chain.blockchain.CommittedBlock;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.tx.Transaction;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The polling filters of eth_newFilter, eth_newBlockFilter and eth_newPendingTransactionFilter. Each keeps
 * what happened since its last poll, up to a bound (the oldest entries go first); a filter not polled for
 * the timeout is removed, as in geth.
 */
public final class FilterRegistry {
  /** Entries one filter buffers between polls. */
  public static final int MAX_BUFFERED = 10_000;

  private final Map<String, Filter> filters = new ConcurrentHashMap<>();
  private final LongSupplier nanoClock;
  private final long timeoutNanos;
  private final int maxFilters;
  private final SecureRandom random = new SecureRandom();

  public FilterRegistry(LongSupplier nanoClock, long timeoutNanos, int maxFilters) {
    this.nanoClock = nanoClock;
    this.timeoutNanos = timeoutNanos;
    this.maxFilters = maxFilters;
  }

  public enum Kind { LOGS, BLOCKS, PENDING_TRANSACTIONS }

  private static final class Filter {
    final Kind kind;
    final Optional<LogFilter> criteria;
    final ArrayDeque<JsonNode> buffer = new ArrayDeque<>();
    long lastPolled;

    Filter(Kind kind, Optional<LogFilter> criteria, long now) {
      this.kind = kind;
      this.criteria = criteria;
      this.lastPolled = now;
    }

    synchronized void add(JsonNode entry) {
      if (buffer.size() >= MAX_BUFFERED) {
        buffer.removeFirst();
      }
      buffer.addLast(entry);
    }

    synchronized List<JsonNode> drain(long now) {
      lastPolled = now;
      List<JsonNode> out = new ArrayList<>(buffer);
      buffer.clear();
      return out;
    }
  }

  public String install(Kind kind, Optional<LogFilter> criteria) throws JsonRpcException {
    expire();
    if (filters.size() >= maxFilters) {
      throw JsonRpcException.limitExceeded("too many filters installed (" + maxFilters + "); uninstall some first");
    }
    byte[] id = new byte[16];
    random.nextBytes(id);
    String filterId = "0x" + HexFormat.of().formatHex(id);
    filters.put(filterId, new Filter(kind, criteria, nanoClock.getAsLong()));
    return filterId;
  }

  public boolean uninstall(String id) {
    return filters.remove(id) != null;
  }

  public Optional<LogFilter> criteria(String id) throws JsonRpcException {
    return find(id).criteria;
  }

  /** What happened since the last poll: block hashes, transaction hashes or log objects. */
  public ArrayNode changes(String id) throws JsonRpcException {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    out.addAll(find(id).drain(nanoClock.getAsLong()));
    return out;
  }

  private Filter find(String id) throws JsonRpcException {
    expire();
    Filter filter = filters.get(id);
    if (filter == null) {
      throw JsonRpcException.serverError("filter not found");
    }
    return filter;
  }

  public void onNewBlock(CommittedBlock committed) {
    for (Filter filter : filters.values()) {
      switch (filter.kind) {
        case BLOCKS -> filter.add(TextNode.valueOf(committed.block().hash().toHexString()));
        case LOGS -> {
          List<ObjectNode> logs = new ArrayList<>();
          try {
            LogQuery.collect(committed.block(), committed.receipts(), filter.criteria.orElseThrow(), logs);
          } catch (JsonRpcException e) {
            // More matching logs in one block than a poll returns: keep the first MAX_RESULTS.
          }
          logs.forEach(filter::add);
        }
        case PENDING_TRANSACTIONS -> { }
      }
    }
  }

  public void onPendingTransaction(Transaction tx) {
    for (Filter filter : filters.values()) {
      if (filter.kind == Kind.PENDING_TRANSACTIONS) {
        filter.add(TextNode.valueOf(tx.hash().toHexString()));
      }
    }
  }

  private void expire() {
    long now = nanoClock.getAsLong();
    filters.values().removeIf(f -> now - f.lastPolled > timeoutNanos);
  }

  public int size() {
    return filters.size();
  }
}
