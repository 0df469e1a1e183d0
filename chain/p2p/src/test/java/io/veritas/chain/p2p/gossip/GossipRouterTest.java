package io.veritas.chain.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.p2p.identity.PeerId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The router's rules, driven through a deterministic in-memory network with a stub clock. */
class GossipRouterTest {
  private static final String TOPIC = "/veritas/7357/block/1";

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void meshStaysWithinDloAndDhiAndEveryNodeReceivesEachMessageOnce() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(1);
    GossipConfig config = GossipConfig.builder().floodPublish(false).build();
    for (int i = 0; i < 20; i++) {
      net.addNode(config);
    }
    net.connectAll();
    for (PeerId id : net.ids) {
      net.subscribe(id, TOPIC, Gossip.TopicValidator.acceptAll());
    }
    net.deliverAll();
    net.heartbeatAll(5);
    for (PeerId id : net.ids) {
      int size = net.routers.get(id).meshPeers(TOPIC).size();
      assertTrue(size >= config.dLo() && size <= config.dHi(), "mesh of " + id + " has " + size + " peers");
    }
    PeerId publisher = net.ids.get(0);
    GossipRouter.PublishResult r = net.routers.get(publisher).publish(TOPIC, bytes("block 1"));
    assertEquals(net.routers.get(publisher).meshPeers(TOPIC).size(), r.recipients());
    net.deliverAll();
    for (PeerId id : net.ids.subList(1, net.ids.size())) {
      List<GossipMessage> got = net.delivered.get(id);
      assertEquals(1, got.size(), "deliveries at " + id);
      assertEquals("block 1", new String(got.get(0).data(), StandardCharsets.UTF_8));
      assertEquals(publisher, got.get(0).author());
    }
    assertTrue(net.delivered.get(publisher).isEmpty());
  }

  @Test
  void oversubscribedMeshIsPrunedToDWithBackoffAndPeerExchange() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(2);
    GossipConfig config = GossipConfig.defaults();
    for (int i = 0; i < 16; i++) {
      net.addNode(config);
    }
    PeerId hub = net.ids.get(0);
    for (PeerId p : net.ids.subList(1, 16)) {
      net.connect(hub, p);
    }
    net.subscribe(hub, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    for (PeerId p : net.ids.subList(1, 16)) {
      net.subscribe(p, TOPIC, Gossip.TopicValidator.acceptAll()); // each grafts the hub
    }
    net.deliverAll();
    assertEquals(15, net.routers.get(hub).meshPeers(TOPIC).size());
    net.now[0] += 1000;
    net.routers.get(hub).heartbeat();
    assertEquals(config.d(), net.routers.get(hub).meshPeers(TOPIC).size());
    long prunes = net.queue.stream().filter(s -> s.rpc().control() != null && !s.rpc().control().prune().isEmpty()).count();
    assertEquals(15 - config.d(), prunes);
    Rpc.Prune prune = net.queue.stream().filter(s -> s.rpc().control() != null && !s.rpc().control().prune().isEmpty())
        .findFirst().orElseThrow().rpc().control().prune().get(0);
    assertEquals(60, prune.backoffSeconds());
    assertEquals(config.d(), prune.peers().size()); // PX offers the remaining mesh
    net.deliverAll();
    assertFalse(net.exchanged.isEmpty());
  }

  @Test
  void graftDuringBackoffIsPenalisedAndRefused() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(3);
    PeerId a = net.addNode(GossipConfig.defaults());
    PeerId b = net.addNode(GossipConfig.defaults());
    net.connect(a, b);
    net.subscribe(a, TOPIC, Gossip.TopicValidator.acceptAll());
    net.subscribe(b, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    net.heartbeatAll(1); // neither knew the other's subscription when joining: the heartbeat grafts
    assertEquals(Set.of(b), net.routers.get(a).meshPeers(TOPIC));
    // b leaves the mesh (PRUNE to a), then immediately grafts again: a protocol violation under v1.1.
    net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(), new Rpc.Control(List.of(), List.of(), List.of(),
        List.of(new Rpc.Prune(TOPIC, List.of(), 60)))));
    net.routers.get(b).handleRpc(a, new Rpc(List.of(), List.of(), new Rpc.Control(List.of(), List.of(), List.of(),
        List.of(new Rpc.Prune(TOPIC, List.of(), 60)))));
    net.queue.clear();
    for (int i = 0; i < 3; i++) {
      net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(), new Rpc.Control(List.of(), List.of(), List.of(TOPIC), List.of())));
    }
    assertTrue(net.routers.get(a).meshPeers(TOPIC).isEmpty());
    assertEquals(-4.0, net.routers.get(a).score(b), 1e-9); // P7 = 3 over threshold 1: -(3-1)^2
    assertEquals(3, net.queue.stream().filter(s -> s.to().equals(b) && !s.rpc().control().prune().isEmpty()).count());
  }

  @Test
  void rejectedMessagesLowerTheScoreUntilThePeerIsGraylisted() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(4);
    PeerId a = net.addNode(GossipConfig.defaults());
    PeerId b = net.addNode(GossipConfig.defaults());
    net.connect(a, b);
    net.subscribe(a, TOPIC, m -> new String(m.data(), StandardCharsets.UTF_8).startsWith("bad")
        ? ValidationResult.REJECT : ValidationResult.ACCEPT);
    net.subscribe(b, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    for (int i = 0; i < 3; i++) {
      net.routers.get(b).publish(TOPIC, bytes("bad " + i));
      net.deliverAll();
    }
    assertEquals(-90.0, net.routers.get(a).score(b), 1e-9);
    assertTrue(net.delivered.get(a).isEmpty());
    net.routers.get(b).publish(TOPIC, bytes("good but graylisted"));
    net.deliverAll();
    assertTrue(net.delivered.get(a).isEmpty(), "RPCs from a graylisted peer are ignored");
    net.heartbeatAll(20); // P4 decays (x0.9 per heartbeat) until the peer is heard again
    net.routers.get(b).publish(TOPIC, bytes("good after decay"));
    net.deliverAll();
    assertEquals(1, net.delivered.get(a).size());
  }

  @Test
  void ignoredMessagesAreNotForwardedAndNotPenalised() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(5);
    PeerId a = net.addNode(GossipConfig.defaults());
    PeerId b = net.addNode(GossipConfig.defaults());
    PeerId c = net.addNode(GossipConfig.defaults());
    net.connect(a, b);
    net.connect(b, c);
    net.subscribe(a, TOPIC, Gossip.TopicValidator.acceptAll());
    net.subscribe(b, TOPIC, m -> ValidationResult.IGNORE);
    net.subscribe(c, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    net.routers.get(a).publish(TOPIC, bytes("x"));
    net.deliverAll();
    assertTrue(net.delivered.get(c).isEmpty());
    assertEquals(0.0, net.routers.get(b).score(a));
  }

  @Test
  void forgedSignatureAndUnsignedMessagesOnASignedTopicArePenalised() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(6);
    PeerId a = net.addNode(GossipConfig.defaults());
    PeerId b = net.addNode(GossipConfig.defaults());
    net.connect(a, b);
    net.subscribe(a, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    byte[] seq = {0, 0, 0, 0, 0, 0, 0, 1};
    byte[] forged = new byte[64];
    net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(new PubMessage(b.bytes(), bytes("x"), seq, TOPIC, forged, null)), null));
    net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(new PubMessage(null, bytes("y"), null, TOPIC, null, null)), null));
    assertTrue(net.delivered.get(a).isEmpty());
    assertEquals(-40.0, net.routers.get(a).score(b), 1e-9);
  }

  @Test
  void strictNoSignTopicUsesContentIdsAndRejectsSignedFields() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(7);
    PeerId a = net.addNode(GossipConfig.defaults());
    PeerId b = net.addNode(GossipConfig.defaults());
    net.connect(a, b);
    for (PeerId p : List.of(a, b)) {
      net.routers.get(p).setTopicOptions(TOPIC, TopicOptions.strictNoSignSha256());
      net.subscribe(p, TOPIC, Gossip.TopicValidator.acceptAll());
    }
    net.deliverAll();
    GossipRouter.PublishResult r = net.routers.get(b).publish(TOPIC, bytes("tx"));
    assertEquals(new MessageId(TopicOptions.sha256(bytes("tx"))), r.id());
    Rpc sent = net.queue.peekLast().rpc();
    PubMessage m = sent.publish().get(0);
    assertNull(m.from());
    assertNull(m.seqno());
    assertNull(m.signature());
    net.deliverAll();
    assertEquals(1, net.delivered.get(a).size());
    assertNull(net.delivered.get(a).get(0).author());
    // The same content again is a duplicate (content id), and a message with "from" is invalid.
    net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(new PubMessage(null, bytes("tx"), null, TOPIC, null, null)), null));
    net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(new PubMessage(b.bytes(), bytes("tx2"), null, TOPIC, null, null)), null));
    assertEquals(1, net.delivered.get(a).size());
    assertEquals(-10.0, net.routers.get(a).score(b), 1e-9);
  }

  @Test
  void ihaveFromMcacheLeadsToIwantAndDeliveryToANonMeshPeer() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(8);
    GossipConfig config = GossipConfig.builder().floodPublish(false).build();
    PeerId a = net.addNode(config);
    PeerId b = net.addNode(config);
    net.connect(a, b);
    net.subscribe(a, TOPIC, Gossip.TopicValidator.acceptAll());
    net.subscribe(b, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    // Take b out of a's mesh (both sides back off) so the message only reaches b by gossip.
    Rpc prune = new Rpc(List.of(), List.of(), new Rpc.Control(List.of(), List.of(), List.of(), List.of(new Rpc.Prune(TOPIC, List.of(), 600))));
    net.routers.get(a).handleRpc(b, prune);
    net.routers.get(b).handleRpc(a, prune);
    net.queue.clear();
    net.routers.get(a).publish(TOPIC, bytes("gossiped"));
    assertTrue(net.queue.isEmpty(), "no mesh and no flood publish: nothing is pushed");
    net.now[0] += 1000;
    net.routers.get(a).heartbeat(); // emits IHAVE to b
    Rpc ihave = net.queue.peek().rpc();
    assertEquals(1, ihave.control().ihave().size());
    net.deliverAll(); // b answers IWANT, a answers with the message
    assertEquals(1, net.delivered.get(b).size());
    assertEquals("gossiped", new String(net.delivered.get(b).get(0).data(), StandardCharsets.UTF_8));
  }

  @Test
  void fanoutIsUsedForUnsubscribedTopicsAndExpiresAfterItsTtl() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(9);
    GossipConfig config = GossipConfig.builder().floodPublish(false).fanoutTtl(java.time.Duration.ofSeconds(5)).build();
    PeerId a = net.addNode(config);
    PeerId b = net.addNode(config);
    net.connect(a, b);
    net.subscribe(b, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    assertEquals(1, net.routers.get(a).publish(TOPIC, bytes("via fanout")).recipients());
    net.deliverAll();
    assertEquals(1, net.delivered.get(b).size());
    net.heartbeatAll(7);
    net.queue.clear();
    // After the TTL the fanout set is rebuilt from scratch on the next publish (still reaching b).
    assertEquals(1, net.routers.get(a).publish(TOPIC, bytes("again")).recipients());
  }

  @Test
  void seenAndMessageCachesExpire() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(10);
    GossipConfig config = GossipConfig.builder().seenTtl(java.time.Duration.ofSeconds(3)).build();
    PeerId a = net.addNode(config);
    net.routers.get(a).publish(TOPIC, bytes("m"));
    assertEquals(1, net.routers.get(a).seenSize());
    assertEquals(1, net.routers.get(a).cacheSize());
    net.heartbeatAll(5);
    assertEquals(0, net.routers.get(a).seenSize());
    assertEquals(0, net.routers.get(a).cacheSize());
  }

  @Test
  void ihaveFloodsAreCappedPerHeartbeat() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(11);
    GossipConfig config = GossipConfig.defaults();
    PeerId a = net.addNode(config);
    PeerId b = net.addNode(config);
    net.connect(a, b);
    net.subscribe(a, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    net.queue.clear();
    for (int r = 0; r < 20; r++) {
      List<MessageId> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        ids.add(new MessageId(new byte[] {(byte) r, (byte) (i >> 8), (byte) i}));
      }
      net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(),
          new Rpc.Control(List.of(new Rpc.IHave(TOPIC, ids)), List.of(), List.of(), List.of())));
    }
    long asked = net.queue.stream().filter(s -> s.to().equals(b) && s.rpc().control() != null)
        .flatMap(s -> s.rpc().control().iwant().stream()).mapToLong(w -> w.messageIds().size()).sum();
    assertEquals(config.maxIHaveLength(), asked);
  }

  @Test
  void advertisingWithoutDeliveringIsABrokenPromise() {
    SimulatedGossipNetwork net = new SimulatedGossipNetwork(12);
    PeerId a = net.addNode(GossipConfig.defaults());
    PeerId b = net.addNode(GossipConfig.defaults());
    PeerId c = net.addNode(GossipConfig.defaults());
    net.connect(a, b);
    net.connect(a, c);
    net.subscribe(a, TOPIC, Gossip.TopicValidator.acceptAll());
    net.deliverAll();
    net.queue.clear();
    Rpc.Control ihave = new Rpc.Control(List.of(new Rpc.IHave(TOPIC, List.of(new MessageId(new byte[] {1})))),
        List.of(), List.of(), List.of());
    net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(), ihave)); // b will never deliver
    net.routers.get(a).handleRpc(c, new Rpc(List.of(), List.of(), ihave)); // already asked b: no second IWANT
    assertEquals(1, net.queue.size());
    net.queue.clear();
    net.now[0] += GossipRouter.IWANT_FOLLOWUP_MILLIS;
    for (int i = 0; i < 2; i++) {
      net.routers.get(a).handleRpc(b, new Rpc(List.of(), List.of(),
          new Rpc.Control(List.of(new Rpc.IHave(TOPIC, List.of(new MessageId(new byte[] {(byte) (2 + i)})))), List.of(), List.of(), List.of())));
      net.now[0] += GossipRouter.IWANT_FOLLOWUP_MILLIS;
      net.routers.get(a).heartbeat();
    }
    // Heartbeat 1 finds two expired promises of b (one penalty per heartbeat): P7 = 1; heartbeat 2 decays it to
    // 0.9 and adds 1 for the third: 1.9; heartbeat 3 decays it to 1.71. Score = -1 * (1.71 - threshold 1)^2.
    net.routers.get(a).heartbeat();
    assertEquals(-0.5041, net.routers.get(a).score(b), 1e-9);
    assertEquals(0.0, net.routers.get(a).score(c));
  }
}
