package io.veritas.testnet.rpc;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/** {@code admin_peers} (localhost only): the connected peers with what identify told us about them. */
public final class AdminPeers implements JsonRpcMethod {
  private final Host host;

  public AdminPeers(Host host) {
    this.host = host;
  }

  @Override
  public String name() {
    return "admin_peers";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (PeerId peer : host.peers().stream().sorted(java.util.Comparator.comparing(PeerId::toBase58)).toList()) {
      ObjectNode node = out.addObject();
      node.put("peerId", peer.toBase58());
      host.peerInfo(peer).ifPresent(info -> {
        node.put("agentVersion", info.agentVersion());
        ArrayNode addrs = node.putArray("listenAddrs");
        info.listenAddrs().forEach(a -> addrs.add(a.toString()));
        ArrayNode protocols = node.putArray("protocols");
        info.protocols().forEach(protocols::add);
      });
    }
    return out;
  }
}
