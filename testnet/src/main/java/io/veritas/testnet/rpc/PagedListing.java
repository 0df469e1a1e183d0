package io.veritas.testnet.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.types.Address;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The rules every {@code veritas_list*} method shares: one optional filter object whose fields are checked against
 * the method's own, {@code page} from 0 and {@code pageSize} 1..{@value #MAX_PAGE_SIZE} (default 20), items offered
 * newest first, and a result with the page and the total number of matches among the records looked at (at most
 * {@value #MAX_SCAN}).
 */
final class PagedListing {
  static final int MAX_PAGE_SIZE = 100;
  static final int MAX_SCAN = 100_000;

  private final JsonNode filter;
  private final int page;
  private final int pageSize;
  private final ArrayNode items = JsonNodeFactory.instance.arrayNode();
  private long matched;

  private PagedListing(JsonNode filter, int page, int pageSize) {
    this.filter = filter;
    this.page = page;
    this.pageSize = pageSize;
  }

  /** Reads the call's filter; {@code fields} are the method's own filter fields (paging fields come on top). */
  static PagedListing parse(JsonRpcRequestContext ctx, Set<String> fields) throws JsonRpcException {
    ctx.paramReader().expectAtMost(1);
    JsonNode filter = ctx.paramReader().optionalObject(0, "filter").orElse(JsonNodeFactory.instance.objectNode());
    Set<String> known = new TreeSet<>(fields);
    known.add("page");
    known.add("pageSize");
    for (var it = filter.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        throw JsonRpcException.invalidParams("filter." + f + ": unknown field (known: " + String.join(", ", known) + ")");
      }
    }
    return new PagedListing(filter, intField(filter, "page", 0, 0, Integer.MAX_VALUE), intField(filter, "pageSize", 20, 1, MAX_PAGE_SIZE));
  }

  Optional<String> text(String field) {
    return filter.hasNonNull(field) ? Optional.of(filter.get(field).asText()) : Optional.empty();
  }

  Optional<Address> address(String field) throws JsonRpcException {
    if (!filter.hasNonNull(field)) {
      return Optional.empty();
    }
    return Optional.of(MarketRpc.address(filter.get(field), "filter." + field));
  }

  /** One more matching record, in newest-first order; rendered only when it falls on the requested page. */
  void offer(Supplier<JsonNode> item) {
    if (matched >= (long) page * pageSize && items.size() < pageSize) {
      items.add(item.get());
    }
    matched++;
  }

  ObjectNode result(String itemsField, String countField, String countHex) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set(itemsField, items);
    out.put("total", matched);
    out.put("page", page);
    out.put("pageSize", pageSize);
    out.put(countField, countHex);
    return out;
  }

  private static int intField(JsonNode filter, String field, int dflt, int min, int max) throws JsonRpcException {
    if (!filter.hasNonNull(field)) {
      return dflt;
    }
    JsonNode v = filter.get(field);
    long value;
    if (v.isIntegralNumber()) {
      value = v.asLong();
    } else if (v.isTextual() && v.asText().startsWith("0x")) {
      try {
        value = Long.parseLong(v.asText().substring(2), 16);
      } catch (NumberFormatException e) {
        throw JsonRpcException.invalidParams("filter." + field + ": '" + v.asText() + "' is not a number");
      }
    } else {
      throw JsonRpcException.invalidParams("filter." + field + ": must be a number, got " + v);
    }
    if (value < min || value > max) {
      throw JsonRpcException.invalidParams("filter." + field + ": must be in " + min + ".." + max + ", got " + value);
    }
    return (int) value;
  }
}
