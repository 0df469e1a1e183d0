package io.veritas.chain.p2p.transport;

import io.netty.channel.Channel;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.p2p.multistream.MultistreamNegotiator;
import io.veritas.chain.p2p.multistream.StreamNegotiation;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.yamux.YamuxSession;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** An established libp2p connection: TCP, secured with Noise, multiplexed with yamux, to an authenticated peer. */
public final class Connection {
  private final Channel channel;
  private final PeerId remotePeer;
  private final boolean outbound;
  private final Multiaddr remoteAddress;
  private final YamuxSession session;

  Connection(Channel channel, PeerId remotePeer, boolean outbound, Multiaddr remoteAddress, YamuxSession session) {
    this.channel = channel;
    this.remotePeer = remotePeer;
    this.outbound = outbound;
    this.remoteAddress = remoteAddress;
    this.session = session;
  }

  public PeerId remotePeer() {
    return remotePeer;
  }

  public boolean isOutbound() {
    return outbound;
  }

  /** The peer's transport address (with {@code /p2p/<peer>}). */
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  public boolean isOpen() {
    return channel.isActive();
  }

  public CompletableFuture<Void> closeFuture() {
    CompletableFuture<Void> f = new CompletableFuture<>();
    channel.closeFuture().addListener(x -> f.complete(null));
    return f;
  }

  public void close() {
    session.close();
  }

  /**
   * Opens a stream and negotiates the first of {@code protocols} the peer supports; {@code handlerFactory} builds
   * the protocol handler (on the event loop) the moment the protocol is agreed. The future completes with the
   * stream once negotiated, or fails if the peer supports none of them.
   */
  public CompletableFuture<P2pStream> openStream(List<String> protocols, Function<P2pStream, StreamHandler> handlerFactory) {
    CompletableFuture<P2pStream> result = new CompletableFuture<>();
    session.openStream(stream -> StreamNegotiation.start(stream, MultistreamNegotiator.dialer(protocols),
        (s, protocol) -> {
          StreamHandler h = handlerFactory.apply(s);
          result.complete(s);
          return h;
        },
        () -> result.completeExceptionally(
            new StreamNegotiationFailedException("peer " + remotePeer + " supports none of " + protocols))))
        .whenComplete((stream, error) -> {
          if (error != null) {
            result.completeExceptionally(error);
          }
        });
    return result;
  }

  @Override
  public String toString() {
    return "Connection[" + remotePeer + " " + (outbound ? "out" : "in") + " " + remoteAddress + "]";
  }
}
