package io.veritas.chain.p2p.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritas.chain.p2p.gossip.Gossip;
import io.veritas.chain.p2p.gossip.GossipMessage;
import io.veritas.chain.p2p.gossip.TopicOptions;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.p2p.host.HostConfig;
import io.veritas.chain.p2p.identify.PeerInfo;
import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our host against js-libp2p 3 from npm (src/test/js): we dial one js node and another js node dials us; ping both
 * ways; identify both ways; gossipsub messages both ways with StrictSign (js default) and StrictNoSign topics.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InteropWithJsLibp2pTest {
  private static final String SIGNED = "interop-signed";
  private static final String NOSIGN = "interop-nosign";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void exchangesPingIdentifyAndGossipWithJsLibp2p() throws Exception {
    try (JsLibp2pPeer js = JsLibp2pPeer.start()) {
      JsonNode ready = js.await(e -> "ready".equals(e.path("event").asText()), Duration.ofSeconds(60), "ready event");
      Multiaddr jsA = Multiaddr.parse(ready.path("a").get(0).asText());
      Multiaddr jsB = Multiaddr.parse(ready.path("b").get(0).asText());
      PeerId peerA = jsA.peerId().orElseThrow();
      PeerId peerB = jsB.peerId().orElseThrow();

      PrivateKey key = PrivateKey.generate(KeyType.SECP256K1, new SecureRandom());
      try (Host host = Host.start(HostConfig.builder(key).listen("/ip4/127.0.0.1/tcp/0").build())) {
        host.registerRequestHandler("/veritas/test/echo/1", 1024, (peer, req) -> java.util.concurrent.CompletableFuture.completedFuture(req));
        LinkedBlockingQueue<GossipMessage> received = new LinkedBlockingQueue<>();
        host.gossip().subscribe(SIGNED, Gossip.TopicValidator.acceptAll(), received::add);
        host.gossip().subscribe(NOSIGN, TopicOptions.strictNoSignSha256(), Gossip.TopicValidator.acceptAll(), received::add);

        // We dial js node a; js node b dials us.
        assertEquals(peerA, host.dial(jsA).get(20, TimeUnit.SECONDS));
        Multiaddr ours = host.listenAddrs().get(0);
        assertEquals(host.peerId().toBase58(), js.call("dial", "b", "addr", ours.toString()).path("peer").asText());
        awaitTrue(() -> host.peers().contains(peerB), "js node b connected to us");

        // Ping both ways.
        assertTrue(host.ping(peerA).get(20, TimeUnit.SECONDS).toNanos() > 0);
        assertTrue(js.call("ping", "b", "peer", host.peerId().toBase58()).path("rtt").asDouble() >= 0);

        // Identify both ways.
        awaitTrue(() -> host.peerInfo(peerA).isPresent(), "identify of js node a");
        PeerInfo infoA = host.peerInfo(peerA).orElseThrow();
        assertTrue(infoA.protocols().contains("/ipfs/ping/1.0.0"), infoA.protocols().toString());
        assertTrue(infoA.agentVersion().startsWith("js-libp2p"), infoA.agentVersion());
        JsonNode protocols = awaitJs(js, "protocols", "a", host.peerId(), r -> r.path("protocols").size() > 0);
        List<String> ourProtocols = new ArrayList<>();
        protocols.path("protocols").forEach(p -> ourProtocols.add(p.asText()));
        assertTrue(ourProtocols.containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/meshsub/1.2.0", "/meshsub/1.1.0",
            "/meshsub/1.0.0", "/veritas/test/echo/1")), ourProtocols.toString());
        assertEquals("veritas/0.1.0", protocols.path("agent").asText());

        // Gossip, StrictSign: js a -> us, then us -> js a.
        awaitJsSubscriber(js, "a", SIGNED, host.peerId());
        awaitTrue(() -> host.gossip().topicPeers(SIGNED).join().contains(peerA), "js a subscribed to " + SIGNED);
        js.call("publish", "a", "topic", SIGNED, "data", "hello from js");
        GossipMessage fromJs = received.poll(20, TimeUnit.SECONDS);
        assertEquals("hello from js", new String(fromJs.data(), StandardCharsets.UTF_8));
        assertEquals(SIGNED, fromJs.topic());
        assertEquals(peerA, fromJs.author());
        assertEquals(1, host.gossip().publish(SIGNED, "hello from java".getBytes(StandardCharsets.UTF_8)).get().recipients());
        JsonNode atJs = js.await(e -> "message".equals(e.path("event").asText()) && "a".equals(e.path("node").asText()),
            WAIT, "our signed message at js a");
        assertEquals("hello from java", atJs.path("data").asText());
        assertEquals("signed", atJs.path("type").asText());
        assertEquals(host.peerId().toBase58(), atJs.path("from").asText());

        // Gossip, StrictNoSign: js b -> us, then us -> js b.
        awaitJsSubscriber(js, "b", NOSIGN, host.peerId());
        awaitTrue(() -> host.gossip().topicPeers(NOSIGN).join().contains(peerB), "js b subscribed to " + NOSIGN);
        js.call("publish", "b", "topic", NOSIGN, "data", "unsigned from js");
        GossipMessage unsignedFromJs = received.poll(20, TimeUnit.SECONDS);
        assertEquals("unsigned from js", new String(unsignedFromJs.data(), StandardCharsets.UTF_8));
        assertNull(unsignedFromJs.author());
        assertEquals(peerB, unsignedFromJs.receivedFrom());
        host.gossip().publish(NOSIGN, "unsigned from java".getBytes(StandardCharsets.UTF_8)).get();
        JsonNode unsignedAtJs = js.await(e -> "message".equals(e.path("event").asText()) && "b".equals(e.path("node").asText()),
            WAIT, "our unsigned message at js b");
        assertEquals("unsigned from java", unsignedAtJs.path("data").asText());
        assertEquals("unsigned", unsignedAtJs.path("type").asText());

        // Gossipsub v1.2: a second Java host joins js b's mesh; a large message from it reaches us and js b directly,
        // so each of us announces it with IDONTWANT to the other (js and we both announce messages >= 512 bytes).
        // Delivery goes on undisturbed in both directions afterwards.
        try (Host second = Host.start(HostConfig.builder(PrivateKey.generate(KeyType.SECP256K1, new SecureRandom()))
            .listen("/ip4/127.0.0.1/tcp/0").build())) {
          second.gossip().subscribe(NOSIGN, TopicOptions.strictNoSignSha256(), Gossip.TopicValidator.acceptAll(), m -> {});
          second.dial(ours).get(20, TimeUnit.SECONDS);
          second.dial(jsB).get(20, TimeUnit.SECONDS);
          awaitTrue(() -> host.gossip().meshPeers(NOSIGN).join().containsAll(List.of(peerB, second.peerId())),
              "js b and the second host in our mesh");
          awaitTrue(() -> second.gossip().meshPeers(NOSIGN).join().containsAll(List.of(peerB, host.peerId())),
              "js b and us in the second host's mesh");
          String large = "large " + "x".repeat(1200);
          assertEquals(2, second.gossip().publish(NOSIGN, large.getBytes(StandardCharsets.UTF_8)).get().recipients());
          GossipMessage largeAtUs = received.poll(20, TimeUnit.SECONDS);
          assertEquals(large, new String(largeAtUs.data(), StandardCharsets.UTF_8));
          JsonNode largeAtJs = js.await(e -> "message".equals(e.path("event").asText())
              && "b".equals(e.path("node").asText()) && e.path("data").asText().startsWith("large "), WAIT,
              "the large message at js b");
          assertEquals(large, largeAtJs.path("data").asText());
          js.call("publish", "b", "topic", NOSIGN, "data", "after idontwant");
          assertEquals("after idontwant", new String(received.poll(20, TimeUnit.SECONDS).data(), StandardCharsets.UTF_8));
          assertNull(received.poll(1, TimeUnit.SECONDS), "no duplicate delivery");
        }
      }
    }
  }

  private static JsonNode awaitJs(JsLibp2pPeer js, String cmd, String node, PeerId peer, Predicate<JsonNode> ok)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        JsonNode r = js.call(cmd, node, "peer", peer.toBase58());
        if (ok.test(r)) {
          return r;
        }
      } catch (AssertionError e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("js " + cmd + " on " + node + " never satisfied the condition");
      }
      Thread.sleep(100); // polling another process's state; no clock to stub across a process boundary
    }
  }

  private static void awaitJsSubscriber(JsLibp2pPeer js, String node, String topic, PeerId peer) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode r = js.call("subscribers", node, "topic", topic);
      for (JsonNode p : r.path("peers")) {
        if (p.asText().equals(peer.toBase58())) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("js " + node + " never saw us subscribed to " + topic + ": " + r);
      }
      Thread.sleep(100);
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }
}
