package io.veritas.chain.p2p.identify;

import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import java.util.List;

/** What a peer told us about itself through identify. */
public record PeerInfo(PeerId peerId, String agentVersion, String protocolVersion, List<String> protocols,
    List<Multiaddr> listenAddrs, Multiaddr observedAddr) {
  public PeerInfo {
    protocols = List.copyOf(protocols);
    listenAddrs = List.copyOf(listenAddrs);
  }
}
