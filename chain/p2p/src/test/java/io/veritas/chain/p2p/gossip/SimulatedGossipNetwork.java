package io.veritas.chain.p2p.gossip;

import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Routers wired together in memory: RPCs are queued, round-tripped through the protobuf codec and delivered by
 * {@link #deliverAll()}; the clock only moves when a test moves it. Fully deterministic for a given seed.
 */
final class SimulatedGossipNetwork {
  record Sent(PeerId from, PeerId to, Rpc rpc) {}

  final long[] now = {1_000_000};
  final Map<PeerId, GossipRouter> routers = new HashMap<>();
  final Map<PeerId, PrivateKey> keys = new HashMap<>();
  final List<PeerId> ids = new ArrayList<>();
  final Deque<Sent> queue = new ArrayDeque<>();
  final List<Sent> log = new ArrayList<>();
  final Map<PeerId, List<GossipMessage>> delivered = new HashMap<>();
  final Map<PeerId, List<PeerId>> exchanged = new HashMap<>();
  private final Random random;
  private final SecureRandom keyRandom;

  SimulatedGossipNetwork(long seed) {
    this.random = new Random(seed);
    this.keyRandom = new SecureRandom(new byte[] {(byte) seed});
  }

  PeerId addNode(GossipConfig config) {
    PrivateKey key = PrivateKey.generate(KeyType.ED25519, keyRandom);
    PeerId id = key.peerId();
    keys.put(id, key);
    ids.add(id);
    delivered.put(id, new ArrayList<>());
    routers.put(id, new GossipRouter(config, key, () -> now[0], new Random(random.nextLong()), new GossipRouter.Output() {
      @Override
      public void send(PeerId peer, Rpc rpc) {
        Sent s = new Sent(id, peer, Rpc.decode(rpc.encode()));
        queue.add(s);
        log.add(s);
      }

      @Override
      public void peerExchange(String topic, List<PeerId> peers) {
        exchanged.computeIfAbsent(id, p -> new ArrayList<>()).addAll(peers);
      }
    }));
    return id;
  }

  void connect(PeerId a, PeerId b) {
    routers.get(a).addPeer(b, GossipRouter.MESHSUB_V11);
    routers.get(b).addPeer(a, GossipRouter.MESHSUB_V11);
  }

  void connectAll() {
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        connect(ids.get(i), ids.get(j));
      }
    }
  }

  void subscribe(PeerId node, String topic, Gossip.TopicValidator validator) {
    routers.get(node).subscribe(topic, new GossipRouter.Subscriber() {
      @Override
      public ValidationResult validate(GossipMessage message) {
        return validator.validate(message);
      }

      @Override
      public void deliver(GossipMessage message) {
        delivered.get(node).add(message);
      }
    });
  }

  void deliverAll() {
    Sent s;
    int guard = 0;
    while ((s = queue.poll()) != null) {
      if (++guard > 1_000_000) {
        throw new IllegalStateException("message storm in the simulated network");
      }
      GossipRouter to = routers.get(s.to());
      if (to != null) {
        Rpc admitted = to.admit(s.from(), s.rpc()); // as GossipService does on the I/O thread
        if (admitted != null) {
          to.handleRpc(s.from(), admitted);
        }
      }
    }
  }

  void heartbeatAll(int rounds) {
    for (int r = 0; r < rounds; r++) {
      now[0] += 1000;
      for (PeerId id : ids) {
        routers.get(id).heartbeat();
      }
      deliverAll();
    }
  }
}
