package io.veritas.chain.p2p.gossip;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ids of messages seen within the TTL (the spec's seen cache), oldest first, bounded in size. */
final class SeenCache {
  private final long ttlMillis;
  private final int maxEntries;
  private final LinkedHashMap<MessageId, Long> seen = new LinkedHashMap<>();

  SeenCache(long ttlMillis, int maxEntries) {
    this.ttlMillis = ttlMillis;
    this.maxEntries = maxEntries;
  }

  /** Records {@code id}; returns false if it was already seen. */
  boolean add(MessageId id, long now) {
    if (seen.containsKey(id)) {
      return false;
    }
    seen.put(id, now);
    if (seen.size() > maxEntries) {
      Iterator<MessageId> it = seen.keySet().iterator();
      it.next();
      it.remove();
    }
    return true;
  }

  boolean contains(MessageId id) {
    return seen.containsKey(id);
  }

  void expire(long now) {
    Iterator<Map.Entry<MessageId, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      if (it.next().getValue() + ttlMillis > now) {
        return;
      }
      it.remove();
    }
  }

  int size() {
    return seen.size();
  }
}
