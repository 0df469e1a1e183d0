package io.veritas.chain.p2p.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.p2p.multistream.MultistreamHandler;
import io.veritas.chain.p2p.multistream.MultistreamNegotiator;
import io.veritas.chain.p2p.noise.NoiseHandler;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.yamux.YamuxSession;
import io.veritas.chain.p2p.yamux.YamuxStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP on Netty NIO, upgraded per the libp2p connection spec: multistream-select {@code /noise}, the Noise XX
 * handshake, multistream-select {@code /yamux/1.0.0}, then yamux. The handshake must finish within the configured
 * timeout.
 */
public final class TcpTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
  /** Inbound connections still in their handshake; more are closed at once (bounds work for half-open floods). */
  static final int MAX_PENDING_INBOUND = 64;

  /** Receives connections once they are authenticated and multiplexed; may veto with false (closes it). */
  public interface Listener {
    boolean onConnection(Connection connection);
  }

  private final TransportConfig config;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final SecureRandom random = new SecureRandom();
  private final BiFunction<Connection, YamuxStream, StreamHandler> inboundStreams;
  private final Listener listener;
  private final AtomicInteger pendingInbound = new AtomicInteger();

  /** @param inboundStreams gives each stream the peer opens its first handler */
  public TcpTransport(TransportConfig config, BiFunction<Connection, YamuxStream, StreamHandler> inboundStreams,
      Listener listener) {
    this.config = config;
    this.inboundStreams = inboundStreams;
    this.listener = listener;
    this.boss = new NioEventLoopGroup(1, new DefaultThreadFactory("p2p-accept", true));
    this.workers = new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("p2p-io", true));
  }

  public EventLoopGroup workers() {
    return workers;
  }

  /** Binds a listening socket; returns the bound address (a port of 0 is replaced by the real one). */
  public Multiaddr listen(Multiaddr address) throws InterruptedException {
    InetSocketAddress socket = address.toTcpSocketAddress();
    Channel server = new ServerBootstrap()
        .group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 128)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (pendingInbound.incrementAndGet() > MAX_PENDING_INBOUND) {
              pendingInbound.decrementAndGet();
              LOG.warn("closing inbound connection from {}: {} handshakes already pending", ch.remoteAddress(),
                  MAX_PENDING_INBOUND);
              ch.close();
              return;
            }
            AtomicBoolean counted = new AtomicBoolean(true);
            Runnable done = () -> {
              if (counted.getAndSet(false)) {
                pendingInbound.decrementAndGet();
              }
            };
            ch.closeFuture().addListener(f -> done.run());
            upgrade(ch, false, null, c -> done.run());
          }
        })
        .bind(socket)
        .sync()
        .channel();
    InetSocketAddress bound = (InetSocketAddress) server.localAddress();
    // Report the requested IP (a dual-stack socket bound to 0.0.0.0 reports ::) with the real port.
    return socket.isUnresolved() ? Multiaddr.tcp(bound)
        : Multiaddr.tcp(new InetSocketAddress(socket.getAddress(), bound.getPort()));
  }

  /** Dials {@code address}; if it ends in {@code /p2p/<id>} the peer must authenticate as that id. */
  public CompletableFuture<Connection> dial(Multiaddr address) {
    CompletableFuture<Connection> result = new CompletableFuture<>();
    PeerId expected = address.peerId().orElse(null);
    InetSocketAddress socket;
    try {
      socket = address.toTcpSocketAddress();
    } catch (IllegalArgumentException e) {
      result.completeExceptionally(e);
      return result;
    }
    new Bootstrap()
        .group(workers)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.handshakeTimeout().toMillis())
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            upgrade(ch, true, expected, result::complete);
            ch.closeFuture().addListener(f -> result.completeExceptionally(
                new ConnectException("connection to " + address + " closed before it was established")));
          }
        })
        .connect(socket)
        .addListener(f -> {
          if (!f.isSuccess()) {
            result.completeExceptionally(new ConnectException("cannot connect to " + address + ": " + f.cause().getMessage()));
          }
        });
    return result;
  }

  private void upgrade(SocketChannel ch, boolean initiator, PeerId expected, Consumer<Connection> established) {
    ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
      LOG.info("closing connection to {}: handshake not finished within {}", ch.remoteAddress(), config.handshakeTimeout());
      ch.close();
    }, config.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    ch.closeFuture().addListener(f -> timeout.cancel(false));
    MultistreamNegotiator security = initiator
        ? MultistreamNegotiator.dialer(List.of(NoiseHandler.PROTOCOL_ID))
        : MultistreamNegotiator.listener(NoiseHandler.PROTOCOL_ID::equals);
    // Many small writes (gossip to several peers, window updates) from other threads: batch their flushes.
    ch.pipeline().addLast("flush-consolidation", new FlushConsolidationHandler(256, true));
    ch.pipeline().addLast("security-select", new MultistreamHandler(security, (ctx, protocol) ->
        ctx.pipeline().addAfter(ctx.name(), "noise", new NoiseHandler(initiator, config.identity(), expected, random,
            (noiseCtx, peer) -> secured(noiseCtx, initiator, peer, timeout, established)))));
    ch.pipeline().addLast("guard", new ConnectionGuard());
  }

  private void secured(ChannelHandlerContext noiseCtx, boolean initiator, PeerId peer, ScheduledFuture<?> timeout,
      Consumer<Connection> established) {
    MultistreamNegotiator muxer = initiator
        ? MultistreamNegotiator.dialer(List.of(YamuxSession.PROTOCOL_ID))
        : MultistreamNegotiator.listener(YamuxSession.PROTOCOL_ID::equals);
    noiseCtx.pipeline().addAfter(noiseCtx.name(), "muxer-select", new MultistreamHandler(muxer, (ctx, protocol) -> {
      Channel ch = ctx.channel();
      Multiaddr remote = Multiaddr.tcp((InetSocketAddress) ch.remoteAddress()).withPeerId(peer);
      Connection[] connection = new Connection[1];
      YamuxSession session = new YamuxSession(initiator, config.yamux(), peer,
          stream -> inboundStreams.apply(connection[0], stream));
      connection[0] = new Connection(ch, peer, initiator, remote, session);
      ctx.pipeline().addAfter(ctx.name(), "yamux", session);
      timeout.cancel(false);
      if (!listener.onConnection(connection[0])) {
        session.close();
        return;
      }
      if (established != null) {
        established.accept(connection[0]);
      }
    }));
  }

  /** Last handler of every pipeline: logs and closes on any unhandled error, so nothing escapes the event loop. */
  private static final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warn("closing connection to {} after error: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void close() {
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
