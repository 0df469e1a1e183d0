package io.veritas.testnet.consensus;

import io.veritas.chain.p2p.identity.PeerId;
import java.util.Collection;
import java.util.Set;

/**
 * Peers whose consensus traffic this node drops, both ways: the fault switch behind {@code admin_partition}, for
 * testing only (a partition of the validators without touching the operating system's network). Thread-safe: the
 * set is replaced whole, and readers see one snapshot.
 */
public final class PeerBlocklist {
  private volatile Set<PeerId> blocked = Set.of();

  /** Replaces the blocked peers; an empty collection heals the partition. */
  public void replace(Collection<PeerId> peers) {
    blocked = Set.copyOf(peers);
  }

  public boolean isBlocked(PeerId peer) {
    return blocked.contains(peer);
  }

  public Set<PeerId> blocked() {
    return blocked;
  }
}
