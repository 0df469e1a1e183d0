package io.veritas.chain.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Gossipsub v1.2 IDONTWANT and the admission stage: one router under test with three mesh peers whose RPCs the test
 * writes by hand, and every RPC the router sends recorded.
 */
class GossipIDontWantTest {
  private static final String TOPIC = "/veritas/7357/block/1";

  private record Sent(PeerId to, Rpc rpc) {}

  private final long[] now = {1_000_000};
  private final List<Sent> sent = new ArrayList<>();
  private final List<GossipMessage> delivered = new ArrayList<>();
  private final SecureRandom keyRandom = new SecureRandom(new byte[] {42});
  private GossipRouter router;
  private PeerId p1;
  private PeerId p2;
  private PeerId p3;

  private GossipRouter newRouter(GossipConfig config) {
    PrivateKey key = PrivateKey.generate(KeyType.ED25519, keyRandom);
    return new GossipRouter(config, key, () -> now[0], new Random(7), (peer, rpc) -> sent.add(new Sent(peer, rpc)));
  }

  /** The router in a mesh with p1, p2 (v1.2) and p3 (the given protocol), all subscribed to the StrictNoSign topic. */
  private void meshOf(GossipConfig config, String p3Protocol) {
    router = newRouter(config);
    p1 = PrivateKey.generate(KeyType.ED25519, keyRandom).peerId();
    p2 = PrivateKey.generate(KeyType.ED25519, keyRandom).peerId();
    p3 = PrivateKey.generate(KeyType.ED25519, keyRandom).peerId();
    router.addPeer(p1, GossipRouter.MESHSUB_V12);
    router.addPeer(p2, GossipRouter.MESHSUB_V12);
    router.addPeer(p3, p3Protocol);
    for (PeerId p : List.of(p1, p2, p3)) {
      router.handleRpc(p, new Rpc(List.of(new Rpc.Subscription(true, TOPIC)), List.of(), null));
    }
    router.setTopicOptions(TOPIC, TopicOptions.strictNoSignSha256());
    router.subscribe(TOPIC, new GossipRouter.Subscriber() {
      @Override
      public ValidationResult validate(GossipMessage message) {
        return ValidationResult.ACCEPT;
      }

      @Override
      public void deliver(GossipMessage message) {
        delivered.add(message);
      }
    });
    assertEquals(Set.of(p1, p2, p3), router.meshPeers(TOPIC));
    sent.clear();
  }

  @BeforeEach
  void defaultMesh() {
    meshOf(GossipConfig.defaults(), GossipRouter.MESHSUB_V12);
  }

  private static PubMessage message(int size, int seed) {
    byte[] data = new byte[size];
    Arrays.fill(data, (byte) seed);
    return new PubMessage(null, data, null, TOPIC, null, null);
  }

  private static MessageId idOf(PubMessage m) {
    return new MessageId(TopicOptions.sha256(m.data()));
  }

  /** A copy of {@code m} as it arrives off the wire (a fresh decode, no cached id). */
  private static Rpc publishing(PubMessage m) {
    return Rpc.decode(new Rpc(List.of(), List.of(m), null).encode());
  }

  private static Rpc dontWant(MessageId... ids) {
    return new Rpc(List.of(), List.of(),
        new Rpc.Control(List.of(), List.of(), List.of(), List.of(), List.of(new Rpc.IDontWant(List.of(ids)))));
  }

  private Set<PeerId> publishedTo() {
    return sent.stream().filter(s -> !s.rpc().publish().isEmpty()).map(Sent::to).collect(Collectors.toSet());
  }

  private Set<PeerId> announcedTo(MessageId id) {
    return sent.stream()
        .filter(s -> s.rpc().control() != null
            && s.rpc().control().idontwant().stream().anyMatch(d -> d.messageIds().contains(id)))
        .map(Sent::to).collect(Collectors.toSet());
  }

  @Test
  void idontwantControlEncodesAsField5OfControlWithRepeatedIdsInField1() {
    byte[] encoded = dontWant(new MessageId(new byte[] {(byte) 0xaa, (byte) 0xbb})).encode();
    // RPC.control (3) { ControlMessage.idontwant (5) { ControlIDontWant.messageIDs (1): aa bb } }
    assertEquals("1a062a040a02aabb", HexFormat.of().formatHex(encoded));
    Rpc back = Rpc.decode(encoded);
    assertEquals(List.of(new MessageId(new byte[] {(byte) 0xaa, (byte) 0xbb})),
        back.control().idontwant().getFirst().messageIds());
  }

  @Test
  void gossipServiceOffersV12ThenV11ThenV10() {
    assertEquals(List.of("/meshsub/1.2.0", "/meshsub/1.1.0", "/meshsub/1.0.0"), GossipService.PROTOCOLS);
  }

  @Test
  void firstCopyOfALargeMessageIsAnnouncedAtOnceToTheOtherV12MeshPeers() {
    PubMessage m = message(512, 1);
    Rpc admitted = router.admit(p1, publishing(m));
    assertNotNull(admitted);
    // announced during admission, before validation and before the owner thread handles the message
    assertEquals(Set.of(p2, p3), announcedTo(idOf(m)));
    assertEquals(2, sent.size());
    assertEquals(List.of(idOf(m)), sent.getFirst().rpc().control().idontwant().getFirst().messageIds());
    assertEquals(List.of(), sent.getFirst().rpc().publish());
  }

  @Test
  void messagesBelowTheSizeThresholdAreNotAnnounced() {
    PubMessage m = message(511, 1);
    assertNotNull(router.admit(p1, publishing(m)));
    assertEquals(List.of(), sent);
  }

  @Test
  void meshPeersOnV11AreNotSentIDontWant() {
    meshOf(GossipConfig.defaults(), GossipRouter.MESHSUB_V11);
    PubMessage m = message(1024, 1);
    router.admit(p1, publishing(m));
    assertEquals(Set.of(p2), announcedTo(idOf(m)));
  }

  @Test
  void forwardingSkipsAPeerThatSentIDontWant() {
    PubMessage m = message(1024, 3);
    assertNull(router.admit(p2, dontWant(idOf(m))), "an RPC of only IDONTWANT leaves nothing for the owner thread");
    Rpc admitted = router.admit(p1, publishing(m));
    sent.clear();
    router.handleRpc(p1, admitted);
    assertEquals(1, delivered.size());
    assertEquals(Set.of(p3), publishedTo());
  }

  @Test
  void aDuplicateArrivingWhileTheFirstCopyIsQueuedIsDroppedAndItsSenderSkipped() {
    PubMessage m = message(1024, 4);
    Rpc first = router.admit(p1, publishing(m));
    assertNull(router.admit(p3, publishing(m)), "the duplicate never reaches the owner thread");
    sent.clear();
    router.handleRpc(p1, first);
    assertEquals(Set.of(p2), publishedTo());
    assertEquals(1, delivered.size());
  }

  @Test
  void aDuplicateKeepsTheRestOfItsRpc() {
    PubMessage m = message(1024, 5);
    PubMessage other = message(100, 6);
    router.admit(p1, publishing(m));
    Rpc both = Rpc.decode(new Rpc(List.of(new Rpc.Subscription(true, "other")), List.of(m, other), null).encode());
    Rpc admitted = router.admit(p2, both);
    assertEquals(1, admitted.publish().size());
    assertArrayEquals(other.data(), admitted.publish().getFirst().data());
    assertEquals(both.subscriptions(), admitted.subscriptions());
  }

  @Test
  void anRpcWithoutDuplicatesOrIDontWantIsPassedOnAsIs() {
    Rpc rpc = publishing(message(1024, 7));
    assertSame(rpc, router.admit(p1, rpc));
  }

  @Test
  void aReleasedClaimLetsTheNextCopyThrough() {
    PubMessage m = message(1024, 8);
    Rpc first = router.admit(p1, publishing(m));
    router.release(first); // e.g. the gossip queue was full
    Rpc second = router.admit(p2, publishing(m));
    assertNotNull(second);
    router.handleRpc(p2, second);
    assertEquals(1, delivered.size());
  }

  @Test
  void idontwantIdsBeyondThePerHeartbeatLimitAreIgnoredUntilTheNextHeartbeat() {
    meshOf(GossipConfig.builder().idontwant(512, 2).build(), GossipRouter.MESHSUB_V12);
    PubMessage a = message(1024, 10);
    PubMessage b = message(1024, 11);
    PubMessage c = message(1024, 12);
    router.admit(p2, dontWant(idOf(a), idOf(b), idOf(c))); // the third id is over the limit of 2
    router.handleRpc(p1, router.admit(p1, publishing(b)));
    sent.clear();
    router.handleRpc(p1, router.admit(p1, publishing(c)));
    assertEquals(Set.of(p2, p3), publishedTo());

    now[0] += 1000;
    router.heartbeat();
    PubMessage d = message(1024, 13);
    router.admit(p2, dontWant(idOf(d)));
    sent.clear();
    router.handleRpc(p1, router.admit(p1, publishing(d)));
    assertEquals(Set.of(p3), publishedTo());
  }

  @Test
  void idontwantIsForgottenAfterThreeHeartbeats() {
    PubMessage m = message(1024, 14);
    router.admit(p2, dontWant(idOf(m)));
    for (int i = 0; i < 3; i++) {
      now[0] += 1000;
      router.heartbeat();
    }
    sent.clear();
    router.handleRpc(p1, router.admit(p1, publishing(m)));
    assertEquals(Set.of(p2, p3), publishedTo());
  }

  @Test
  void copiesOfOurOwnPublicationAreDroppedOnArrival() {
    GossipRouter.PublishResult r = router.publish(TOPIC, message(1024, 15).data());
    assertEquals(3, r.recipients());
    assertNull(router.admit(p1, publishing(message(1024, 15))));
    assertEquals(List.of(), delivered);
  }

  @Test
  void aGraylistedPeersMessagesAreNeitherClaimedNorAnnounced() {
    for (int i = 0; i < 3; i++) { // StrictNoSign messages carrying a seqno: invalid, -10 x count^2 each
      PubMessage signedField = new PubMessage(null, new byte[] {(byte) i}, new byte[] {1}, TOPIC, null, null);
      router.handleRpc(p1, router.admit(p1, publishing(signedField)));
    }
    assertEquals(-90.0, router.score(p1));
    sent.clear();
    PubMessage m = message(1024, 17);
    Rpc fromGraylisted = publishing(m);
    assertSame(fromGraylisted, router.admit(p1, fromGraylisted));
    router.handleRpc(p1, fromGraylisted);
    assertEquals(List.of(), sent);
    assertEquals(List.of(), delivered);
    router.handleRpc(p2, router.admit(p2, publishing(m))); // the same message from a good peer is not a duplicate
    assertEquals(1, delivered.size());
  }

  @Test
  void peersThatJoinTheMeshLaterReceiveIDontWant() {
    PeerId p4 = PrivateKey.generate(KeyType.ED25519, keyRandom).peerId();
    router.addPeer(p4, GossipRouter.MESHSUB_V12);
    router.handleRpc(p4, new Rpc(List.of(new Rpc.Subscription(true, TOPIC)),
        List.of(), new Rpc.Control(List.of(), List.of(), List.of(TOPIC), List.of())));
    assertEquals(Set.of(p1, p2, p3, p4), router.meshPeers(TOPIC));
    sent.clear();
    PubMessage m = message(1024, 16);
    router.admit(p1, publishing(m));
    assertEquals(Set.of(p2, p3, p4), announcedTo(idOf(m)));
  }
}
