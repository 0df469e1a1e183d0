package io.veritas.chain.p2p.gossip;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gossipsub message cache (v1.0 spec "Message Cache"): {@code mcache_len} history windows, shifted every
 * heartbeat; IHAVE advertises the ids of the newest {@code mcache_gossip} windows, IWANT is answered from all of
 * them. Bounded to {@code maxEntries} messages.
 */
final class MessageCache {
  private record Entry(PubMessage message, Map<Object, Integer> requests) {}

  private final int gossipWindows;
  private final int maxEntries;
  private final Deque<List<MessageId>> windows = new ArrayDeque<>();
  private final Map<MessageId, Entry> entries = new HashMap<>();

  MessageCache(int length, int gossipWindows, int maxEntries) {
    this.gossipWindows = gossipWindows;
    this.maxEntries = maxEntries;
    for (int i = 0; i < length; i++) {
      windows.add(new ArrayList<>());
    }
  }

  void put(MessageId id, PubMessage message) {
    if (entries.size() >= maxEntries || entries.containsKey(id)) {
      return;
    }
    entries.put(id, new Entry(message, new HashMap<>()));
    windows.peekFirst().add(id);
  }

  PubMessage get(MessageId id) {
    Entry e = entries.get(id);
    return e == null ? null : e.message();
  }

  /** Returns the message for an IWANT from {@code peer}, or null if absent or already sent {@code max} times. */
  PubMessage getForPeer(MessageId id, Object peer, int max) {
    Entry e = entries.get(id);
    if (e == null) {
      return null;
    }
    int count = e.requests().merge(peer, 1, Integer::sum);
    return count > max ? null : e.message();
  }

  List<MessageId> gossipIds(String topic) {
    List<MessageId> out = new ArrayList<>();
    int i = 0;
    for (List<MessageId> window : windows) {
      if (i++ >= gossipWindows) {
        break;
      }
      for (MessageId id : window) {
        Entry e = entries.get(id);
        if (e != null && e.message().topic().equals(topic)) {
          out.add(id);
        }
      }
    }
    return out;
  }

  void shift() {
    List<MessageId> oldest = windows.pollLast();
    for (MessageId id : oldest) {
      entries.remove(id);
    }
    windows.addFirst(new ArrayList<>());
  }

  int size() {
    return entries.size();
  }
}
