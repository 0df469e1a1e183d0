package io.veritas.chain.p2p.gossip;

import io.veritas.chain.p2p.identity.PeerId;

/**
 * A message as the application sees it.
 *
 * @param author the signing author (StrictSign), or null (StrictNoSign)
 * @param receivedFrom the peer that forwarded it to us
 */
public record GossipMessage(String topic, byte[] data, MessageId id, PeerId author, PeerId receivedFrom) {}
