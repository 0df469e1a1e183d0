package io.veritas.chain.p2p.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.p2p.gossip.Gossip;
import io.veritas.chain.p2p.gossip.GossipConfig;
import io.veritas.chain.p2p.gossip.GossipMessage;
import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.p2p.multiaddr.MultiaddrProtocol;
import io.veritas.chain.p2p.reqresp.RequestFailedException;
import io.veritas.chain.p2p.transport.StreamNegotiationFailedException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HostTest {
  private static final String ECHO = "/veritas/test/echo/1";
  private final SecureRandom random = new SecureRandom();
  private final List<Host> hosts = new ArrayList<>();

  @AfterEach
  void closeHosts() {
    hosts.forEach(Host::close);
  }

  private Host host(int maxPeers) throws InterruptedException {
    Host h = Host.start(HostConfig.builder(PrivateKey.generate(KeyType.SECP256K1, random))
        .listen("/ip4/127.0.0.1/tcp/0").maxPeers(maxPeers).ioThreads(1)
        .gossip(GossipConfig.builder().heartbeatInterval(Duration.ofMillis(100)).build())
        .requestTimeout(Duration.ofSeconds(20)).build());
    hosts.add(h);
    return h;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void reportsTheBoundPortAsAFullMultiaddr() throws Exception {
    Host h = host(10);
    Multiaddr addr = h.listenAddrs().get(0);
    assertEquals(h.peerId(), addr.peerId().orElseThrow());
    assertEquals(MultiaddrProtocol.TCP, addr.components().get(1).protocol());
    assertNotEquals(0, addr.toTcpSocketAddress().getPort());
  }

  @Test
  void reportsInterfaceAddressesForAWildcardBind() throws Exception {
    Host h = Host.start(HostConfig.builder(PrivateKey.generate(KeyType.ED25519, random)).listen("/ip4/0.0.0.0/tcp/0").build());
    hosts.add(h);
    List<Multiaddr> addrs = h.listenAddrs();
    assertTrue(addrs.contains(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + addrs.get(0).toTcpSocketAddress().getPort()
        + "/p2p/" + h.peerId())), addrs.toString());
    assertTrue(addrs.stream().noneMatch(a -> a.toString().startsWith("/ip4/0.0.0.0")), addrs.toString());
  }

  @Test
  void pushesNewlyRegisteredProtocolsToConnectedPeers() throws Exception {
    Host a = host(10);
    Host b = host(10);
    a.dial(b.listenAddrs().get(0)).get(20, TimeUnit.SECONDS);
    await(() -> a.peerInfo(b.peerId()).isPresent(), "identify");
    b.registerRequestHandler("/veritas/test/late/1", 16, (peer, req) -> CompletableFuture.completedFuture(req));
    await(() -> a.peerInfo(b.peerId()).orElseThrow().protocols().contains("/veritas/test/late/1"), "identify push");
  }

  @Test
  void dialsPingsIdentifiesAndReportsConnectionEvents() throws Exception {
    Host a = host(10);
    Host b = host(10);
    LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    b.addConnectionListener(new ConnectionListener() {
      @Override
      public void onConnected(PeerId peer, Multiaddr remote, boolean outbound) {
        events.add("connected " + peer + " " + outbound);
      }

      @Override
      public void onDisconnected(PeerId peer) {
        events.add("disconnected " + peer);
      }
    });
    assertEquals(b.peerId(), a.dial(b.listenAddrs().get(0)).get(20, TimeUnit.SECONDS));
    assertEquals("connected " + a.peerId() + " false", events.poll(20, TimeUnit.SECONDS));
    assertTrue(a.ping(b.peerId()).get(20, TimeUnit.SECONDS).toNanos() > 0);
    await(() -> a.peerInfo(b.peerId()).isPresent(), "identify");
    assertEquals("veritas/0.1.0", a.peerInfo(b.peerId()).orElseThrow().agentVersion());
    assertTrue(a.peerInfo(b.peerId()).orElseThrow().protocols().contains("/meshsub/1.1.0"));
    a.disconnect(b.peerId());
    assertEquals("disconnected " + a.peerId(), events.poll(20, TimeUnit.SECONDS));
    await(() -> a.peers().isEmpty(), "a forgets b");
  }

  @Test
  void refusesPeersBeyondTheLimit() throws Exception {
    Host server = host(1);
    Host c1 = host(10);
    Host c2 = host(10);
    c1.dial(server.listenAddrs().get(0)).get(20, TimeUnit.SECONDS);
    await(() -> server.peers().size() == 1, "first peer accepted");
    try {
      c2.dial(server.listenAddrs().get(0)).get(20, TimeUnit.SECONDS);
    } catch (ExecutionException refusedDuringUpgrade) {
      // the refusal may race the dialer's own completion; either way no connection survives
    }
    await(() -> c2.peers().isEmpty(), "second peer dropped");
    assertEquals(List.of(c1.peerId()), List.copyOf(server.peers()));
  }

  @Test
  void requestResponseWithSizeLimitsTimeoutsAndUnknownProtocols() throws Exception {
    Host server = host(10);
    Host client = host(10);
    server.registerRequestHandler(ECHO, 16, (peer, req) -> CompletableFuture.completedFuture(req));
    server.registerRequestHandler("/veritas/test/never/1", 16, (peer, req) -> new CompletableFuture<>());
    client.dial(server.listenAddrs().get(0)).get(20, TimeUnit.SECONDS);
    PeerId s = server.peerId();

    assertArrayEquals(new byte[] {1, 2, 3}, client.request(s, ECHO, new byte[] {1, 2, 3}).get(20, TimeUnit.SECONDS));
    ExecutionException tooBig = assertThrows(ExecutionException.class,
        () -> client.request(s, ECHO, new byte[17]).get(20, TimeUnit.SECONDS));
    assertInstanceOf(RequestFailedException.class, tooBig.getCause());
    ExecutionException responseTooBig = assertThrows(ExecutionException.class,
        () -> client.request(s, ECHO, new byte[10], 5, Duration.ofSeconds(20)).get(20, TimeUnit.SECONDS));
    assertInstanceOf(RequestFailedException.class, responseTooBig.getCause());
    ExecutionException timeout = assertThrows(ExecutionException.class,
        () -> client.request(s, "/veritas/test/never/1", new byte[1], 100, Duration.ofMillis(300)).get(20, TimeUnit.SECONDS));
    assertInstanceOf(TimeoutException.class, timeout.getCause());
    ExecutionException unknown = assertThrows(ExecutionException.class,
        () -> client.request(s, "/veritas/test/unknown/1", new byte[1]).get(20, TimeUnit.SECONDS));
    assertInstanceOf(StreamNegotiationFailedException.class, unknown.getCause());
    // the connection survives all of it
    assertArrayEquals(new byte[] {4}, client.request(s, ECHO, new byte[] {4}).get(20, TimeUnit.SECONDS));
  }

  @Test
  void gossipReachesEveryHostOfALineTopology() throws Exception {
    List<Host> line = List.of(host(10), host(10), host(10), host(10));
    List<LinkedBlockingQueue<GossipMessage>> inboxes = new ArrayList<>();
    for (Host h : line) {
      LinkedBlockingQueue<GossipMessage> inbox = new LinkedBlockingQueue<>();
      inboxes.add(inbox);
      h.gossip().subscribe("/veritas/7357/tx/1", Gossip.TopicValidator.acceptAll(), inbox::add);
    }
    for (int i = 0; i + 1 < line.size(); i++) {
      line.get(i).dial(line.get(i + 1).listenAddrs().get(0)).get(20, TimeUnit.SECONDS);
    }
    for (int i = 0; i + 1 < line.size(); i++) {
      Host h = line.get(i);
      PeerId next = line.get(i + 1).peerId();
      await(() -> h.gossip().meshPeers("/veritas/7357/tx/1").join().contains(next), "mesh link " + i);
    }
    line.get(0).gossip().publish("/veritas/7357/tx/1", new byte[] {42}).get(20, TimeUnit.SECONDS);
    for (int i = 1; i < line.size(); i++) {
      GossipMessage m = inboxes.get(i).poll(20, TimeUnit.SECONDS);
      assertArrayEquals(new byte[] {42}, m.data(), "host " + i);
      assertEquals(line.get(0).peerId(), m.author());
    }
    assertTrue(inboxes.get(0).isEmpty());
  }

  @Test
  void keepConnectedRedialsAfterADisconnect() throws Exception {
    Host a = host(10);
    Host b = host(10);
    a.keepConnected(b.listenAddrs().get(0), Duration.ofMillis(100));
    await(() -> a.peers().contains(b.peerId()), "initial connection");
    b.disconnect(a.peerId());
    await(() -> !a.peers().contains(b.peerId()), "disconnect seen");
    await(() -> a.peers().contains(b.peerId()), "redial");
  }
}
