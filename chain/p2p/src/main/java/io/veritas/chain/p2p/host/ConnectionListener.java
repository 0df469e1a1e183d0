package io.veritas.chain.p2p.host;

import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.multiaddr.Multiaddr;

/** Peer connection events; called on a network thread, so implementations must not block. */
public interface ConnectionListener {
  /** The first connection to {@code peer} is established. */
  default void onConnected(PeerId peer, Multiaddr remoteAddress, boolean outbound) {}

  /** The last connection to {@code peer} closed. */
  default void onDisconnected(PeerId peer) {}
}
