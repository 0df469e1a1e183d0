package io.veritas.chain.p2p.gossip;

import io.netty.buffer.ByteBuf;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.stream.LengthPrefixedReader;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.transport.Connection;
import io.veritas.chain.p2p.wire.Varint;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the {@link GossipRouter} to the network: one long-lived outbound stream per peer for our RPCs, inbound
 * streams decoded and admitted ({@link GossipRouter#admit}: IDONTWANT bookkeeping, duplicates dropped) on the I/O
 * threads, and every other router call serialised on one gossip thread (the only hop a message makes). The heartbeat
 * runs on that thread too.
 */
public final class GossipService implements Gossip {
  /** In order of preference: v1.2 (IDONTWANT), v1.1, v1.0 for older peers. */
  public static final List<String> PROTOCOLS =
      List.of(GossipRouter.MESHSUB_V12, GossipRouter.MESHSUB_V11, GossipRouter.MESHSUB_V10);
  /** Decoded RPCs waiting for the gossip thread; beyond this, new RPCs are dropped (gossip recovers via IHAVE). */
  static final int MAX_QUEUED_RPCS = 8192;
  private static final Logger LOG = LoggerFactory.getLogger(GossipService.class);

  private final GossipConfig config;
  private final ScheduledExecutorService executor;
  private final GossipRouter router;
  private final Map<PeerId, P2pStream> outbound = new ConcurrentHashMap<>();
  private final Function<PeerId, Connection> openConnection;
  private final AtomicInteger queuedRpcs = new AtomicInteger();
  private final AtomicLong droppedRpcs = new AtomicLong();
  private final Consumer<PeerId> exchangeListener;
  private ScheduledFuture<?> heartbeat;
  /** Per I/O thread: the IDONTWANTs announced during its current turn (see {@link DontWantBatch}). */
  private final ThreadLocal<DontWantBatch> dontWantBatches = ThreadLocal.withInitial(DontWantBatch::new);

  /**
   * The IDONTWANT announcements of one I/O turn of one event loop: a turn reads frames from many connections, and
   * the ids announced while decoding them leave together, one RPC per peer, as a task that runs right after the turn
   * (still long before the gossip thread sees the messages). Confined to its thread.
   */
  private final class DontWantBatch implements Runnable {
    private Executor loop;
    private Map<PeerId, List<MessageId>> pending = new java.util.LinkedHashMap<>();
    private boolean scheduled;

    void add(List<PeerId> peers, List<MessageId> ids) {
      for (PeerId p : peers) {
        pending.computeIfAbsent(p, k -> new java.util.ArrayList<>()).addAll(ids);
      }
      if (!scheduled) {
        scheduled = true;
        loop.execute(this);
      }
    }

    @Override
    public void run() {
      Map<PeerId, List<MessageId>> due = pending;
      pending = new java.util.LinkedHashMap<>();
      scheduled = false;
      due.forEach((peer, ids) -> sendRpc(peer, Rpc.dontWant(ids).encode()));
    }
  }

  /**
   * @param executor a single-threaded executor that owns the router
   * @param exchangeListener receives peers offered by PRUNE peer exchange (the host may dial them)
   * @param openConnection an open connection to the peer, or null
   */
  public GossipService(GossipConfig config, PrivateKey identity, ScheduledExecutorService executor,
      Consumer<PeerId> exchangeListener, Function<PeerId, Connection> openConnection) {
    this.openConnection = openConnection;
    this.config = config;
    this.executor = executor;
    this.exchangeListener = exchangeListener;
    this.router = new GossipRouter(config, identity, System::currentTimeMillis, new SecureRandom(), new GossipRouter.Output() {
      @Override
      public void send(PeerId peer, Rpc rpc) {
        P2pStream stream = outbound.get(peer);
        if (stream != null) {
          stream.write(rpc.encodeLengthPrefixed(stream.alloc()));
        }
      }

      @Override
      public void announceDontWant(List<PeerId> peers, List<MessageId> ids) {
        DontWantBatch batch = dontWantBatches.get();
        if (batch.loop == null) {
          sendToAll(peers, Rpc.dontWant(ids)); // not on an I/O thread: nothing to gather with
        } else {
          batch.add(peers, ids);
        }
      }

      @Override
      public void sendToAll(List<PeerId> peers, Rpc rpc) {
        byte[] bytes = rpc.encode();
        for (PeerId p : peers) {
          sendRpc(p, bytes);
        }
      }

      @Override
      public void peerExchange(String topic, List<PeerId> peers) {
        peers.forEach(exchangeListener);
      }
    });
  }

  public void start() {
    long ms = config.heartbeatInterval().toMillis();
    heartbeat = executor.scheduleAtFixedRate(() -> {
      try {
        router.heartbeat();
      } catch (RuntimeException e) {
        LOG.error("gossip heartbeat failed", e);
      }
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  public void stop() {
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
  }

  /** Handler for a stream the peer opened to send us its RPCs. */
  public StreamHandler inboundStream(P2pStream stream) {
    PeerId peer = stream.remotePeer();
    return new LengthPrefixedReader(config.maxMessageSize(), (s, bytes) -> {
      Rpc decoded;
      try {
        decoded = Rpc.decode(bytes);
      } catch (WireFormatException e) {
        LOG.debug("malformed gossip RPC from {}: {}", peer, e.getMessage());
        s.reset();
        return false;
      }
      dontWantBatches.get().loop = s.executor();
      Rpc rpc = router.admit(peer, decoded);
      if (rpc == null) {
        return true; // only duplicates and IDONTWANTs: nothing for the gossip thread
      }
      if (queuedRpcs.incrementAndGet() > MAX_QUEUED_RPCS) {
        queuedRpcs.decrementAndGet();
        router.release(rpc);
        long dropped = droppedRpcs.incrementAndGet();
        if (Long.bitCount(dropped) == 1) { // log at 1, 2, 4, 8, ... drops: visible without flooding the log
          LOG.warn("gossip thread overloaded: dropped {} inbound RPCs so far (latest from {})", dropped, peer);
        }
        return true;
      }
      executor.execute(() -> {
        queuedRpcs.decrementAndGet();
        router.handleRpc(peer, rpc);
      });
      return true;
    });
  }

  /** A new peer connection: open our RPC stream; the peer joins the router once it is negotiated. */
  public void onConnected(Connection connection) {
    PeerId peer = connection.remotePeer();
    if (outbound.containsKey(peer)) {
      return;
    }
    connection.openStream(PROTOCOLS, s -> new StreamHandler() {
      @Override
      public void onData(P2pStream stream, ByteBuf data) {
        // the peer sends nothing on our outbound stream
      }

      @Override
      public void onClosed(P2pStream stream) {
        if (outbound.remove(peer, stream)) {
          executor.execute(() -> router.removePeer(peer));
          // Our stream died with its connection while another connection to the peer lives on: move to that one.
          // (A stream the peer reset on a live connection is not reopened: the peer does not want it.)
          Connection other = openConnection.apply(peer);
          if (!connection.isOpen() && other != null && other != connection) {
            onConnected(other);
          }
        }
      }
    }).whenComplete((stream, error) -> {
      if (error != null) {
        LOG.debug("peer {} does not speak gossipsub: {}", peer, error.getMessage());
        return;
      }
      if (outbound.putIfAbsent(peer, stream) != null) {
        stream.closeWrite();
        return;
      }
      executor.execute(() -> router.addPeer(peer, stream.protocol()));
    });
  }

  /** The last connection to the peer closed. */
  public void onDisconnected(PeerId peer) {
    outbound.remove(peer);
    executor.execute(() -> router.removePeer(peer));
  }

  private void sendRpc(PeerId peer, byte[] bytes) {
    P2pStream stream = outbound.get(peer);
    if (stream == null) {
      return;
    }
    ByteBuf buf = stream.alloc().buffer(Varint.encodedLength(bytes.length) + bytes.length);
    Varint.write(bytes.length, buf);
    buf.writeBytes(bytes);
    stream.write(buf);
  }

  @Override
  public void subscribe(String topic, TopicValidator validator, Consumer<GossipMessage> handler) {
    executor.execute(() -> router.subscribe(topic, subscriber(validator, handler)));
  }

  @Override
  public void subscribe(String topic, TopicOptions options, TopicValidator validator, Consumer<GossipMessage> handler) {
    executor.execute(() -> {
      router.setTopicOptions(topic, options);
      router.subscribe(topic, subscriber(validator, handler));
    });
  }

  private static GossipRouter.Subscriber subscriber(TopicValidator validator, Consumer<GossipMessage> handler) {
    return new GossipRouter.Subscriber() {
      @Override
      public ValidationResult validate(GossipMessage message) {
        return validator.validate(message);
      }

      @Override
      public void deliver(GossipMessage message) {
        handler.accept(message);
      }
    };
  }

  @Override
  public void unsubscribe(String topic) {
    executor.execute(() -> router.unsubscribe(topic));
  }

  @Override
  public void setTopicOptions(String topic, TopicOptions options) {
    executor.execute(() -> router.setTopicOptions(topic, options));
  }

  @Override
  public CompletableFuture<GossipRouter.PublishResult> publish(String topic, byte[] data) {
    return call(() -> router.publish(topic, data));
  }

  @Override
  public CompletableFuture<Set<PeerId>> meshPeers(String topic) {
    return call(() -> router.meshPeers(topic));
  }

  @Override
  public CompletableFuture<Set<PeerId>> topicPeers(String topic) {
    return call(() -> router.topicPeers(topic));
  }

  @Override
  public CompletableFuture<Double> score(PeerId peer) {
    return call(() -> router.score(peer));
  }

  private <T> CompletableFuture<T> call(Supplier<T> task) {
    return CompletableFuture.supplyAsync(task, (Executor) executor);
  }
}
