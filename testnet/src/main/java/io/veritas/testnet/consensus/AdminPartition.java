package io.veritas.testnet.consensus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code admin_partition} — <b>testing only</b> (the admin namespace answers local callers only): a validator drops
 * consensus traffic to and from the given peers, gossiped or direct, until called again. Params: one array of peer ids
 * (base58); an empty array heals. Returns the peers now cut off, sorted. Calling it on every node with the other side's
 * peer ids partitions the validators, e.g. 2/2 for the partition-and-heal test.
 */
public final class AdminPartition implements JsonRpcMethod {
  private static final Logger LOG = LoggerFactory.getLogger(AdminPartition.class);
  private final PeerBlocklist blocklist;

  public AdminPartition(PeerBlocklist blocklist) {
    this.blocklist = blocklist;
  }

  @Override
  public String name() {
    return "admin_partition";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(1);
    JsonNode list = ctx.paramReader().required(0, "peerIds");
    if (!list.isArray()) {
      throw JsonRpcException.invalidParams("peerIds must be an array of peer ids, got " + list.getNodeType());
    }
    List<PeerId> peers = new ArrayList<>();
    for (JsonNode item : list) {
      if (!item.isTextual()) {
        throw JsonRpcException.invalidParams("peerIds must hold peer id strings, got " + item);
      }
      try {
        peers.add(PeerId.parse(item.asText()));
      } catch (IllegalArgumentException e) {
        throw JsonRpcException.invalidParams("not a peer id: " + item.asText() + " (" + e.getMessage() + ")");
      }
    }
    blocklist.replace(peers);
    LOG.warn("admin_partition (testing only): consensus traffic with {} peer(s) is now dropped: {}", peers.size(),
        peers.stream().map(PeerId::toBase58).sorted().toList());
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    blocklist.blocked().stream().map(PeerId::toBase58).sorted(Comparator.naturalOrder()).forEach(out::add);
    return out;
  }
}
