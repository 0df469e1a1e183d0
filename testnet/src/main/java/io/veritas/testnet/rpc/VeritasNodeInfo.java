package io.veritas.testnet.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;

/**
 * {@code veritas_nodeInfo}: the node's peer id, its full listen multiaddrs (ending in /p2p/&lt;peerId&gt;, ready
 * to pass to another node's --bootnodes), the chain id and the head.
 */
public final class VeritasNodeInfo implements JsonRpcMethod {
  private final Blockchain chain;
  private final Host host;

  public VeritasNodeInfo(Blockchain chain, Host host) {
    this.chain = chain;
    this.host = host;
  }

  @Override
  public String name() {
    return "veritas_nodeInfo";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("peerId", host.peerId().toBase58());
    var addrs = out.putArray("listenAddrs");
    host.listenAddrs().forEach(a -> addrs.add(a.toString()));
    out.put("chainId", "0x" + Long.toHexString(chain.parameters().chainId()));
    var head = chain.head();
    ObjectNode headNode = out.putObject("head");
    headNode.put("number", "0x" + Long.toHexString(head.number()));
    headNode.put("hash", head.hash().toHexString());
    out.put("peerCount", host.peers().size());
    return out;
  }
}
