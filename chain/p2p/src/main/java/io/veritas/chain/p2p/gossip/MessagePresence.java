package io.veritas.chain.p2p.gossip;

import io.veritas.chain.p2p.identity.PeerId;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which peers are known to hold which recent messages, and which messages are already being processed. Written by
 * the I/O threads the moment an RPC is decoded and read by the gossip thread when it forwards, so that what a peer
 * told us (or showed us) while the message waited in the gossip queue is not lost to the queueing delay.
 *
 * <p>A peer holds a message once it sent us a copy or an IDONTWANT for it (gossipsub v1.2: "peers found in
 * dont_send_message_ids MUST be skipped" when relaying). The first copy of a message claims it; later copies are
 * duplicates and are dropped on the I/O thread.
 *
 * <p>Bounded: at most {@code maxMessages} ids are tracked (beyond that, new ids are simply not tracked: copies pass
 * to the router, whose seen cache still drops duplicates); each peer may add at most {@code maxDontWantPerHeartbeat}
 * ids by IDONTWANT per heartbeat (the spec's {@code max_idontwant_messages}); entries are forgotten
 * {@code ttlHeartbeats} heartbeats after they were created. Thread-safe.
 */
final class MessagePresence {
  private static final PeerId[] NONE = new PeerId[0];

  private static final class Entry {
    final long createdAt;
    /** Peers known to hold the message; copy-on-write, guarded by this entry's monitor for writes. */
    volatile PeerId[] holders = NONE;
    volatile boolean claimed;

    Entry(long createdAt) {
      this.createdAt = createdAt;
    }

    synchronized void addHolder(PeerId peer) {
      PeerId[] h = holders;
      for (PeerId p : h) {
        if (p.equals(peer)) {
          return;
        }
      }
      PeerId[] grown = Arrays.copyOf(h, h.length + 1);
      grown[h.length] = peer;
      holders = grown;
    }

    boolean holds(PeerId peer) {
      for (PeerId p : holders) {
        if (p.equals(peer)) {
          return true;
        }
      }
      return false;
    }
  }

  private final int maxMessages;
  private final int maxDontWantPerHeartbeat;
  private final int ttlHeartbeats;
  private final ConcurrentHashMap<MessageId, Entry> entries = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PeerId, AtomicInteger> dontWantCounts = new ConcurrentHashMap<>();
  private volatile long heartbeat;

  MessagePresence(int maxMessages, int maxDontWantPerHeartbeat, int ttlHeartbeats) {
    if (maxMessages < 1 || maxDontWantPerHeartbeat < 0 || ttlHeartbeats < 1) {
      throw new IllegalArgumentException("need maxMessages >= 1, maxDontWantPerHeartbeat >= 0, ttlHeartbeats >= 1; got "
          + maxMessages + ", " + maxDontWantPerHeartbeat + ", " + ttlHeartbeats);
    }
    this.maxMessages = maxMessages;
    this.maxDontWantPerHeartbeat = maxDontWantPerHeartbeat;
    this.ttlHeartbeats = ttlHeartbeats;
  }

  /**
   * A copy of message {@code id} arrived from {@code from}: records that the peer holds it and claims the message for
   * processing. Returns true for the first claim (and whenever the id cannot be tracked), false for a duplicate.
   */
  boolean claim(MessageId id, PeerId from) {
    Entry e = entry(id);
    if (e == null) {
      return true;
    }
    e.addHolder(from);
    if (e.claimed) {
      return false;
    }
    synchronized (e) {
      if (e.claimed) {
        return false;
      }
      e.claimed = true;
      return true;
    }
  }

  /** The claimed copy was not processed after all (its RPC was dropped): the next copy may claim the message. */
  void release(MessageId id) {
    Entry e = entries.get(id);
    if (e != null) {
      e.claimed = false;
    }
  }

  /** An IDONTWANT for {@code id} from {@code from}; returns false if the peer is over its per-heartbeat limit. */
  boolean dontWant(PeerId from, MessageId id) {
    AtomicInteger count = dontWantCounts.computeIfAbsent(from, p -> new AtomicInteger());
    if (count.incrementAndGet() > maxDontWantPerHeartbeat) {
      return false;
    }
    Entry e = entry(id);
    if (e != null) {
      e.addHolder(from);
    }
    return true;
  }

  /** Whether {@code peer} is known to hold message {@code id} (sent it to us, or told us it does not want it). */
  boolean holds(MessageId id, PeerId peer) {
    Entry e = entries.get(id);
    return e != null && e.holds(peer);
  }

  /** Heartbeat: forgets entries older than the TTL and resets the per-peer IDONTWANT budgets. */
  void heartbeat() {
    long now = ++heartbeat;
    entries.values().removeIf(e -> e.createdAt + ttlHeartbeats <= now);
    dontWantCounts.clear();
  }

  void removePeer(PeerId peer) {
    dontWantCounts.remove(peer);
  }

  int size() {
    return entries.size();
  }

  private Entry entry(MessageId id) {
    Entry e = entries.get(id);
    if (e != null) {
      return e;
    }
    if (entries.size() >= maxMessages) {
      return null;
    }
    return entries.computeIfAbsent(id, k -> new Entry(heartbeat));
  }
}
