package io.veritas.chain.rpc.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.veritas.chain.rpc.MethodRegistry;
import io.veritas.chain.rpc.dispatch.JsonRpcDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's JSON-RPC 2.0 service: HTTP POST and WebSocket on one port, plus {@code /liveness},
 * {@code /readiness} and static routes. Netty threads only move bytes; methods run on a bounded worker pool
 * so a slow method never stalls other clients. A service in Teku's style: configure, {@link #start()},
 * {@link #stop()}; it may be started again after stopping.
 */
public final class JsonRpcServer {

  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcServer.class);
  /** Outbound bytes buffered per connection before it counts as unwritable (slow-subscriber check). */
  private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 * 1024 * 1024, 16 * 1024 * 1024);
  private static final long STOP_TIMEOUT_SECONDS = 5;

  private final JsonRpcConfig config;
  private final MethodRegistry registry;
  private final ObjectMapper mapper;
  private final List<StaticRoute> staticRoutes = new CopyOnWriteArrayList<>();
  private volatile BooleanSupplier readinessCheck;

  private Running running;

  private record Running(
      EventLoopGroup acceptGroup, EventLoopGroup ioGroup, ExecutorService workers, ChannelGroup channels,
      ChannelGroup webSockets, Channel serverChannel, int port) {}

  public JsonRpcServer(JsonRpcConfig config, MethodRegistry registry) {
    this(config, registry, new ObjectMapper());
  }

  /** @param mapper serialises method results (register the node's serialisers on it) and parses requests */
  public JsonRpcServer(JsonRpcConfig config, MethodRegistry registry, ObjectMapper mapper) {
    this.config = Objects.requireNonNull(config, "config");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.readinessCheck = config.readinessCheck();
  }

  public JsonRpcConfig config() {
    return config;
  }

  public MethodRegistry registry() {
    return registry;
  }

  /**
   * Serves the files of classpath folder {@code classpathFolder} under {@code pathPrefix} (e.g.
   * {@code /explorer} from {@code explorer}), with content types by extension; {@code <prefix>} redirects to
   * {@code <prefix>/}, which serves {@code index.html}. Resources come from this class's class loader.
   */
  public void addStaticRoute(String pathPrefix, String classpathFolder) {
    addStaticRoute(pathPrefix, classpathFolder, JsonRpcServer.class.getClassLoader());
  }

  /** As {@link #addStaticRoute(String, String)}, reading resources through {@code loader}. */
  public synchronized void addStaticRoute(String pathPrefix, String classpathFolder, ClassLoader loader) {
    StaticRoute route = new StaticRoute(pathPrefix, classpathFolder, loader);
    for (StaticRoute existing : staticRoutes) {
      if (existing.pathPrefix().equals(route.pathPrefix())) {
        throw new IllegalArgumentException("a static route is already served at " + route.pathPrefix());
      }
    }
    staticRoutes.add(route);
  }

  /** Replaces the check behind {@code GET /readiness} (200 when true, 503 when false or when it throws). */
  public void setReadinessCheck(BooleanSupplier check) {
    this.readinessCheck = Objects.requireNonNull(check, "check");
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound (e.g. the port is in use)
   * @throws IllegalStateException when already running
   */
  public synchronized void start() {
    if (running != null) {
      throw new IllegalStateException("JSON-RPC server already running on port " + running.port());
    }
    ExecutorService workers = new ThreadPoolExecutor(
        config.workerThreads(), config.workerThreads(), 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(config.maxQueuedRequests()),
        Thread.ofPlatform().name("veritas-rpc-worker-", 1).daemon(true).factory(),
        new ThreadPoolExecutor.AbortPolicy());
    EventLoopGroup acceptGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("veritas-rpc-accept", true));
    EventLoopGroup ioGroup =
        new NioEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("veritas-rpc-io", true));
    ChannelGroup channels = new DefaultChannelGroup("veritas-rpc", GlobalEventExecutor.INSTANCE);
    ChannelGroup webSockets = new DefaultChannelGroup("veritas-rpc-ws", GlobalEventExecutor.INSTANCE);
    JsonRpcDispatcher dispatcher = new JsonRpcDispatcher(registry, mapper, config.maxBatchSize());
    ServerResources resources = new ServerResources(
        config, dispatcher, mapper, workers, staticRoutes, () -> readinessCheck, channels, webSockets);

    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(acceptGroup, ioGroup)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
        .childHandler(new RpcChannelInitializer(resources));
    ChannelFuture bind = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
    if (!bind.isSuccess()) {
      shutDown(acceptGroup, ioGroup, workers);
      String address = config.host() + ":" + config.port();
      Throwable cause = bind.cause();
      throw new UncheckedIOException("cannot bind the JSON-RPC server to " + address + ": " + cause.getMessage(),
          cause instanceof IOException io ? io : new IOException(cause));
    }
    Channel serverChannel = bind.channel();
    int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    running = new Running(acceptGroup, ioGroup, workers, channels, webSockets, serverChannel, port);
    LOG.info("JSON-RPC server listening on http://{}:{} and ws://{}:{} ({} workers, namespaces {})",
        config.host(), port, config.host(), port, config.workerThreads(), registry.policy().enabled());
  }

  /** Closes every connection (running WebSocket close hooks), then stops the threads. Idempotent. */
  public synchronized void stop() {
    if (running == null) {
      return;
    }
    Running stopping = running;
    running = null;
    stopping.serverChannel().close().awaitUninterruptibly();
    // RFC 6455 section 7.4.1: 1001 tells WebSocket clients the server is going away, so they can reconnect.
    stopping.webSockets()
        .writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server stopping"))
        .awaitUninterruptibly(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    stopping.channels().close().awaitUninterruptibly();
    shutDown(stopping.acceptGroup(), stopping.ioGroup(), stopping.workers());
    LOG.info("JSON-RPC server on port {} stopped", stopping.port());
  }

  /** True between {@link #start()} and {@link #stop()}. */
  public synchronized boolean isRunning() {
    return running != null;
  }

  /** The bound port (the ephemeral one when configured with 0). */
  public synchronized int port() {
    if (running == null) {
      throw new IllegalStateException("JSON-RPC server is not running");
    }
    return running.port();
  }

  private static void shutDown(EventLoopGroup acceptGroup, EventLoopGroup ioGroup, ExecutorService workers) {
    acceptGroup.shutdownGracefully(0, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    ioGroup.shutdownGracefully(0, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    workers.shutdown();
    try {
      if (!workers.awaitTermination(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("JSON-RPC workers still busy after {} s; interrupting them", STOP_TIMEOUT_SECONDS);
        workers.shutdownNow();
      }
      acceptGroup.terminationFuture().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      ioGroup.terminationFuture().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
