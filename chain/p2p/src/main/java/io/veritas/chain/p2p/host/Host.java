package io.veritas.chain.p2p.host;

import io.veritas.chain.p2p.gossip.Gossip;
import io.veritas.chain.p2p.gossip.GossipService;
import io.veritas.chain.p2p.identify.IdentifyMessage;
import io.veritas.chain.p2p.identify.IdentifyProtocol;
import io.veritas.chain.p2p.identify.PeerInfo;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.p2p.multistream.MultistreamNegotiator;
import io.veritas.chain.p2p.multistream.StreamNegotiation;
import io.veritas.chain.p2p.ping.PingInitiator;
import io.veritas.chain.p2p.ping.PingProtocol;
import io.veritas.chain.p2p.reqresp.RequestHandler;
import io.veritas.chain.p2p.reqresp.RequestResponse;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.transport.Connection;
import io.veritas.chain.p2p.transport.TcpTransport;
import io.veritas.chain.p2p.transport.TransportConfig;
import io.veritas.chain.p2p.yamux.YamuxStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A libp2p host: TCP + Noise + yamux connections, identify, ping, gossipsub and request/response protocols
 * behind one facade. Thread-safe; futures complete on network or gossip threads.
 */
public final class Host implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Host.class);
  private static final int ADDRESS_BOOK_SIZE = 1024;
  /** Simultaneous dials can leave two connections to a peer; more than this is abuse and is refused. */
  static final int MAX_CONNECTIONS_PER_PEER = 3;

  private final HostConfig config;
  private final PeerId peerId;
  private final TcpTransport transport;
  private final ScheduledExecutorService scheduler;
  private final GossipService gossip;
  private final Map<String, Function<P2pStream, StreamHandler>> protocols = new ConcurrentHashMap<>();
  private final Map<PeerId, List<Connection>> connections = new ConcurrentHashMap<>();
  private final Map<PeerId, PeerInfo> peerInfo = new ConcurrentHashMap<>();
  /** Dialable addresses of peers we have known, for peer exchange; least recently updated dropped first. */
  private final Map<PeerId, Multiaddr> addressBook = java.util.Collections.synchronizedMap(
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PeerId, Multiaddr> eldest) {
          return size() > ADDRESS_BOOK_SIZE;
        }
      });
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Multiaddr> boundAddrs = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final IdentifyProtocol identify;
  private volatile boolean closed;

  private Host(HostConfig config) {
    this.config = config;
    this.peerId = config.identity().peerId();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "p2p-gossip-" + peerId.toBase58().substring(Math.max(0, peerId.toBase58().length() - 6)));
      t.setDaemon(true);
      return t;
    });
    this.gossip = new GossipService(config.gossip(), config.identity(), scheduler, this::onPeerExchange, this::connection);
    this.identify = new IdentifyProtocol(this::identifyMessage);
    this.transport = new TcpTransport(new TransportConfig(config.identity(), config.yamux(), config.handshakeTimeout(),
        config.ioThreads()), this::inboundStream, this::onConnection);
    protocols.put(IdentifyProtocol.PROTOCOL_ID, s -> identify.respond(s, remoteAddress(s.remotePeer())));
    protocols.put(IdentifyProtocol.PUSH_PROTOCOL_ID,
        s -> IdentifyProtocol.pushReceiver(info -> peerInfo.put(info.peerId(), info)));
    protocols.put(PingProtocol.PROTOCOL_ID, s -> PingProtocol.responder());
    for (String p : GossipService.PROTOCOLS) {
      protocols.put(p, gossip::inboundStream);
    }
  }

  /** Starts a host: binds the listen addresses and the gossip heartbeat. */
  public static Host start(HostConfig config) throws InterruptedException {
    Host host = new Host(config);
    try {
      for (Multiaddr addr : config.listenAddrs()) {
        host.boundAddrs.add(host.transport.listen(addr));
      }
    } catch (RuntimeException | InterruptedException e) {
      host.close();
      throw e;
    }
    host.gossip.start();
    LOG.info("libp2p host {} listening on {}", host.peerId, host.listenAddrs());
    return host;
  }

  public PeerId peerId() {
    return peerId;
  }

  /**
   * Bound listen addresses, each ending in {@code /p2p/<our peer id>}. A wildcard bind (0.0.0.0 or ::) is
   * reported as the machine's interface addresses of that family, since peers cannot dial a wildcard.
   */
  public List<Multiaddr> listenAddrs() {
    List<Multiaddr> out = new ArrayList<>();
    for (Multiaddr a : boundAddrs) {
      for (Multiaddr concrete : expandWildcard(a)) {
        out.add(concrete.withPeerId(peerId));
      }
    }
    return out;
  }

  private static List<Multiaddr> expandWildcard(Multiaddr bound) {
    java.net.InetSocketAddress socket = bound.toTcpSocketAddress();
    java.net.InetAddress ip = socket.getAddress();
    if (ip == null || !ip.isAnyLocalAddress()) {
      return List.of(bound);
    }
    List<Multiaddr> out = new ArrayList<>();
    try {
      for (java.net.NetworkInterface nif : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
        if (!nif.isUp()) {
          continue;
        }
        for (java.net.InetAddress addr : java.util.Collections.list(nif.getInetAddresses())) {
          if (addr.getClass() == ip.getClass() && !addr.isLinkLocalAddress()) {
            out.add(Multiaddr.tcp(new java.net.InetSocketAddress(addr, socket.getPort())));
          }
        }
      }
    } catch (java.net.SocketException e) {
      LOG.warn("cannot list network interfaces to report listen addresses: {}", e.getMessage());
    }
    return out.isEmpty() ? List.of(bound) : out;
  }

  public Gossip gossip() {
    return gossip;
  }

  public void addConnectionListener(ConnectionListener listener) {
    listeners.add(listener);
  }

  /** Connected peers. */
  public Set<PeerId> peers() {
    return Set.copyOf(connections.keySet());
  }

  /** What the peer told us through identify, once it has. */
  public Optional<PeerInfo> peerInfo(PeerId peer) {
    return Optional.ofNullable(peerInfo.get(peer));
  }

  /** Dials the address (with or without {@code /p2p/<id>}); completes with the authenticated peer id. */
  public CompletableFuture<PeerId> dial(Multiaddr address) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("host is closed"));
    }
    Optional<PeerId> target = address.peerId();
    if (target.isPresent() && target.get().equals(peerId)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("refusing to dial ourselves at " + address));
    }
    if (target.isPresent() && connections.containsKey(target.get())) {
      return CompletableFuture.completedFuture(target.get());
    }
    return transport.dial(address).thenApply(Connection::remotePeer);
  }

  public void disconnect(PeerId peer) {
    List<Connection> conns = connections.get(peer);
    if (conns != null) {
      for (Connection c : List.copyOf(conns)) {
        c.close();
      }
    }
  }

  /**
   * Registers a request/response protocol; requests larger than {@code maxRequestSize} reset the stream. The
   * protocol is advertised through identify to peers that connect afterwards.
   */
  public void registerRequestHandler(String protocolId, int maxRequestSize, RequestHandler handler) {
    protocols.put(protocolId, s -> RequestResponse.responder(protocolId, maxRequestSize, handler));
    pushIdentify();
  }

  /** Tells connected peers our new protocol list ({@code /ipfs/id/push/1.0.0}); peers without push ignore it. */
  private void pushIdentify() {
    for (PeerId peer : connections.keySet()) {
      Connection c = connection(peer);
      if (c == null) {
        continue;
      }
      c.openStream(List.of(IdentifyProtocol.PUSH_PROTOCOL_ID), s -> identify.respond(s, c.remoteAddress()))
          .exceptionally(e -> {
            LOG.debug("identify push to {} failed: {}", peer, e.getMessage());
            return null;
          });
    }
  }

  /** Sends a request with the default timeout and a 10 MiB response limit. */
  public CompletableFuture<byte[]> request(PeerId peer, String protocolId, byte[] request) {
    return request(peer, protocolId, request, 10 << 20, config.requestTimeout());
  }

  public CompletableFuture<byte[]> request(PeerId peer, String protocolId, byte[] request, int maxResponseSize,
      Duration timeout) {
    Connection c = connection(peer);
    if (c == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + peer));
    }
    return RequestResponse.request(c, protocolId, request, maxResponseSize, timeout, scheduler);
  }

  /** Round-trip time of one {@code /ipfs/ping/1.0.0} exchange. */
  public CompletableFuture<Duration> ping(PeerId peer) {
    Connection c = connection(peer);
    if (c == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + peer));
    }
    PingInitiator ping = new PingInitiator(random);
    c.openStream(List.of(PingProtocol.PROTOCOL_ID), s -> ping).whenComplete((stream, error) -> {
      if (error != null) {
        ping.result().completeExceptionally(error);
      } else {
        ping.send(stream);
      }
    });
    return ping.result().orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Keeps a connection to {@code address} (which must name the peer): redials after a disconnect or failure,
   * waiting {@code backoff}, doubled after each failure up to 32 times it.
   */
  public void keepConnected(Multiaddr address, Duration backoff) {
    PeerId target = address.peerId().orElseThrow(() ->
        new IllegalArgumentException("keepConnected needs an address ending in /p2p/<peer id>: " + address));
    scheduleKeepAlive(address, target, backoff, backoff, 0);
  }

  private void scheduleKeepAlive(Multiaddr address, PeerId target, Duration base, Duration delay, long initialDelay) {
    if (closed) {
      return;
    }
    scheduler.schedule(() -> {
      if (closed) {
        return;
      }
      if (connections.containsKey(target)) {
        scheduleKeepAlive(address, target, base, base, base.toMillis());
        return;
      }
      dial(address).whenComplete((p, e) -> {
        if (e != null) {
          LOG.debug("redial of {} failed: {}", address, e.getMessage());
          Duration next = delay.multipliedBy(2).compareTo(base.multipliedBy(32)) > 0 ? base.multipliedBy(32) : delay.multipliedBy(2);
          scheduleKeepAlive(address, target, base, next, delay.toMillis());
        } else {
          scheduleKeepAlive(address, target, base, base, base.toMillis());
        }
      });
    }, initialDelay, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    gossip.stop();
    for (List<Connection> conns : connections.values()) {
      for (Connection c : List.copyOf(conns)) {
        c.close();
      }
    }
    transport.close();
    scheduler.shutdownNow();
    LOG.info("libp2p host {} closed", peerId);
  }

  // ---- internals ------------------------------------------------------------------------------------------

  private Connection connection(PeerId peer) {
    List<Connection> conns = connections.get(peer);
    if (conns == null) {
      return null;
    }
    for (Connection c : conns) {
      if (c.isOpen()) {
        return c;
      }
    }
    return null;
  }

  private Multiaddr remoteAddress(PeerId peer) {
    Connection c = connection(peer);
    return c == null ? null : c.remoteAddress();
  }

  private StreamHandler inboundStream(Connection connection, YamuxStream stream) {
    return StreamNegotiation.start(stream, MultistreamNegotiator.listener(protocols::containsKey),
        (s, protocol) -> protocols.get(protocol).apply(s), () -> {});
  }

  private IdentifyMessage identifyMessage() {
    List<byte[]> addrs = new ArrayList<>();
    for (Multiaddr a : listenAddrs()) {
      addrs.add(a.withoutPeerId().toBytes());
    }
    return new IdentifyMessage(IdentifyProtocol.PROTOCOL_VERSION, config.agentVersion(),
        config.identity().publicKey().protobuf(), addrs, null, new ArrayList<>(new TreeSet<>(protocols.keySet())));
  }

  private boolean onConnection(Connection connection) {
    if (closed) {
      return false;
    }
    PeerId peer = connection.remotePeer();
    boolean[] first = new boolean[1];
    boolean[] refused = new boolean[1];
    connections.compute(peer, (p, list) -> {
      if (list == null) {
        if (connections.size() >= config.maxPeers()) {
          refused[0] = true;
          return null;
        }
        first[0] = true;
        list = new CopyOnWriteArrayList<>();
      } else if (list.size() >= MAX_CONNECTIONS_PER_PEER) {
        refused[0] = true;
        return list;
      }
      list.add(connection);
      return list;
    });
    if (refused[0]) {
      LOG.info("refusing connection from {}: limit of {} peers / {} connections per peer reached", peer,
          config.maxPeers(), MAX_CONNECTIONS_PER_PEER);
      return false;
    }
    connection.closeFuture().thenRun(() -> onConnectionClosed(connection));
    if (first[0]) {
      LOG.info("connected to {} at {} ({})", peer, connection.remoteAddress(), connection.isOutbound() ? "outbound" : "inbound");
      for (ConnectionListener l : listeners) {
        l.onConnected(peer, connection.remoteAddress(), connection.isOutbound());
      }
      if (connection.isOutbound()) {
        addressBook.put(peer, connection.remoteAddress());
      }
      requestIdentify(connection);
      gossip.onConnected(connection);
    }
    return true;
  }

  private void onConnectionClosed(Connection connection) {
    PeerId peer = connection.remotePeer();
    boolean[] last = new boolean[1];
    connections.computeIfPresent(peer, (p, list) -> {
      list.remove(connection);
      if (list.isEmpty()) {
        last[0] = true;
        return null;
      }
      return list;
    });
    if (last[0]) {
      LOG.info("disconnected from {}", peer);
      peerInfo.remove(peer);
      gossip.onDisconnected(peer);
      for (ConnectionListener l : listeners) {
        l.onDisconnected(peer);
      }
    }
  }

  private void requestIdentify(Connection connection) {
    CompletableFuture<PeerInfo> info = new CompletableFuture<>();
    connection.openStream(List.of(IdentifyProtocol.PROTOCOL_ID), s -> IdentifyProtocol.reader(info))
        .exceptionally(e -> {
          info.completeExceptionally(e);
          return null;
        });
    info.whenComplete((i, e) -> {
      if (e != null) {
        LOG.debug("identify of {} failed: {}", connection.remotePeer(), e.getMessage());
      } else {
        peerInfo.put(i.peerId(), i);
        for (Multiaddr a : i.listenAddrs()) {
          if (isDialable(a)) {
            addressBook.put(i.peerId(), a.withPeerId(i.peerId()));
            break;
          }
        }
        LOG.debug("identified {}: {} {}", i.peerId(), i.agentVersion(), i.protocols());
      }
    });
  }

  private void onPeerExchange(PeerId peer) {
    if (closed || connections.containsKey(peer) || connections.size() >= config.maxPeers()) {
      return;
    }
    // PX without signed peer records carries no address; we can only use addresses we learned before.
    Multiaddr known = addressBook.get(peer);
    if (known != null) {
      dial(known).exceptionally(e -> {
        LOG.debug("peer-exchange dial of {} failed: {}", known, e.getMessage());
        return null;
      });
    }
  }

  private static boolean isDialable(Multiaddr a) {
    try {
      java.net.InetSocketAddress s = a.toTcpSocketAddress();
      return s.isUnresolved() || !s.getAddress().isAnyLocalAddress();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
