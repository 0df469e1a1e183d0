package io.veritas.chain.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.NamespacePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the HTTP requests of one connection: JSON-RPC POSTs and the WebSocket upgrade on {@code /}, CORS
 * preflights, health checks and static routes.
 *
 * <p>HTTP/1.1 pipelining: a client may send requests before earlier answers arrive, and the answers must go
 * back in request order (RFC 9112 section 9.3.2). Requests execute concurrently on the workers, but every
 * answer is chained behind the previous one ({@link #tail}) before it is written; reading pauses while
 * {@link #MAX_PENDING} answers are outstanding, so one connection cannot queue unbounded work.
 */
final class RpcHttpHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(RpcHttpHandler.class);
  private static final int MAX_PENDING = 16;
  /** Media types geth accepts for JSON-RPC bodies. */
  private static final Set<String> JSON_MEDIA_TYPES =
      Set.of("application/json", "application/json-rpc", "application/jsonrequest");

  private final ServerResources server;
  /** Completes once every answer so far has been handed to the channel; touched on the event loop only. */
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  private int pending;

  RpcHttpHandler(ServerResources server) {
    this.server = server;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof OversizedRequest oversized) {
      byte[] body = server.dispatcher().errorResponse(JsonRpcException.limitExceeded(
          "request body exceeds the limit of " + oversized.limitBytes() + " bytes"));
      // A declared-length body is drained by the aggregator, so the connection can stay open; closing it
      // while the client still sends would reset the socket before the client reads this answer.
      answer(ctx, HttpResponses.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, body), oversized.keepAlive(), null);
      return;
    }
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      route(ctx, request);
    } finally {
      request.release();
    }
  }

  private void route(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      answer(ctx, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request"), false, null);
      return;
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String origin = request.headers().get(HttpHeaderNames.ORIGIN);
    String path;
    try {
      path = new QueryStringDecoder(request.uri()).path();
    } catch (IllegalArgumentException e) {
      answer(ctx, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "malformed request path"), keepAlive, origin);
      return;
    }
    HttpMethod method = request.method();
    boolean head = HttpMethod.HEAD.equals(method);
    boolean getOrHead = head || HttpMethod.GET.equals(method);

    if (HttpMethod.OPTIONS.equals(method)) {
      answer(ctx, preflight(origin), keepAlive, null);
    } else if (path.equals("/")) {
      if (HttpMethod.POST.equals(method)) {
        jsonRpc(ctx, request, keepAlive, origin);
      } else if (HttpMethod.GET.equals(method) && isWebSocketUpgrade(request)) {
        upgrade(ctx, request, origin);
      } else {
        FullHttpResponse response = HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED,
            "JSON-RPC is served by POST (or a WebSocket upgrade) on /");
        response.headers().set(HttpHeaderNames.ALLOW, "POST, GET, OPTIONS");
        answer(ctx, response, keepAlive, origin);
      }
    } else if (getOrHead && path.equals("/liveness")) {
      answer(ctx, HttpResponses.health(true, head), keepAlive, origin);
    } else if (getOrHead && path.equals("/readiness")) {
      // The check may consult other services; it runs on a worker so it cannot stall the event loop.
      answerLater(ctx, () -> HttpResponses.health(isReady(), head), keepAlive, origin);
    } else {
      Optional<StaticRoute> route = server.staticRouteFor(path);
      if (route.isPresent() && getOrHead) {
        answerLater(ctx, () -> staticFile(route.get(), path, head), keepAlive, origin);
      } else if (route.isPresent()) {
        FullHttpResponse response = HttpResponses.text(
            HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET and HEAD are served under " + route.get().pathPrefix());
        response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        answer(ctx, response, keepAlive, origin);
      } else {
        answer(ctx, HttpResponses.text(HttpResponseStatus.NOT_FOUND, "no such path: " + path), keepAlive, origin);
      }
    }
  }

  private FullHttpResponse preflight(String origin) {
    if (origin == null) {
      // A plain OPTIONS (not a browser preflight): say what is served.
      FullHttpResponse response = HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
      response.headers().set(HttpHeaderNames.ALLOW, CorsPolicy.ALLOWED_METHODS);
      return response;
    }
    if (!server.cors().allows(origin)) {
      return HttpResponses.text(HttpResponseStatus.FORBIDDEN, "origin " + origin + " is not allowed");
    }
    FullHttpResponse response = HttpResponses.empty(HttpResponseStatus.NO_CONTENT);
    server.cors().addPreflightHeaders(response.headers(), origin);
    return response;
  }

  private void jsonRpc(ChannelHandlerContext ctx, FullHttpRequest request, boolean keepAlive, String origin) {
    if (!server.cors().allows(origin)) {
      byte[] body = server.dispatcher().errorResponse(
          JsonRpcException.invalidRequest("origin " + origin + " is not allowed by this node's CORS settings"));
      answer(ctx, HttpResponses.json(HttpResponseStatus.FORBIDDEN, body), keepAlive, null);
      return;
    }
    String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
    if (!isJson(contentType)) {
      // Browsers send text/plain and form posts cross-origin without a preflight; demanding JSON (as geth
      // does) makes every browser call go through the CORS check.
      byte[] body = server.dispatcher().errorResponse(JsonRpcException.invalidRequest(
          "Content-Type must be application/json, got " + (contentType == null ? "none" : "'" + contentType + "'")));
      answer(ctx, HttpResponses.json(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, body), keepAlive, origin);
      return;
    }
    ByteBuf content = request.content().retain();
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    boolean local = isLocalCaller(remote, origin, request);
    CompletableFuture<FullHttpResponse> response;
    try {
      response = CompletableFuture.supplyAsync(() -> dispatch(content, remote, local), server.workers());
    } catch (RejectedExecutionException e) {
      content.release();
      byte[] body = server.dispatcher().errorResponse(busy(server.config()));
      response = CompletableFuture.completedFuture(HttpResponses.json(HttpResponseStatus.TOO_MANY_REQUESTS, body));
    }
    enqueue(ctx, response, keepAlive, origin);
  }

  private FullHttpResponse dispatch(ByteBuf content, InetSocketAddress remote, boolean local) {
    try (InputStream in = new ByteBufInputStream(content, true)) {
      return server.dispatcher().dispatch(in, remote, local, null)
          .map(body -> HttpResponses.json(HttpResponseStatus.OK, body))
          // Only notifications: JSON-RPC 2.0 section 6 says nothing is returned.
          .orElseGet(() -> HttpResponses.empty(HttpResponseStatus.NO_CONTENT));
    } catch (IOException e) {
      throw new UncheckedIOException("closing a request body buffer failed", e);
    }
  }

  /** A loopback caller that is not a browser page of a foreign origin (see {@link CorsPolicy#trustsAsLocal}). */
  private boolean isLocalCaller(InetSocketAddress remote, String origin, FullHttpRequest request) {
    return remote != null && NamespacePolicy.isLocal(remote.getAddress())
        && server.cors().trustsAsLocal(origin, request.headers().get(HttpHeaderNames.HOST));
  }

  static JsonRpcException busy(JsonRpcConfig config) {
    return JsonRpcException.limitExceeded(
        "server busy: " + config.maxQueuedRequests() + " requests are already queued; retry later");
  }

  private boolean isReady() {
    try {
      return server.readinessCheck().getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("readiness check failed; reporting not ready", e);
      return false;
    }
  }

  private FullHttpResponse staticFile(StaticRoute route, String path, boolean head) {
    return switch (route.resolve(path)) {
      case StaticRoute.Found found -> {
        FullHttpResponse response = HttpResponses.body(HttpResponseStatus.OK, found.body(), found.contentType(), head);
        // Revalidate on every load, so a node upgrade never serves a stale explorer.
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
        yield response;
      }
      case StaticRoute.Redirect redirect -> HttpResponses.redirect(redirect.location());
      case StaticRoute.NotFound notFound -> HttpResponses.text(HttpResponseStatus.NOT_FOUND, "no such file: " + path);
    };
  }

  private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String origin) {
    if (pending > 0) {
      answer(ctx, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "a WebSocket upgrade cannot be pipelined"),
          false, null);
      return;
    }
    if (!server.cors().allows(origin)) {
      answer(ctx, HttpResponses.text(HttpResponseStatus.FORBIDDEN, "origin " + origin + " is not allowed"),
          false, null);
      return;
    }
    if (!server.tryOpenWebSocket()) {
      answer(ctx, HttpResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
          "too many WebSocket connections: the limit is " + server.config().maxWebSocketConnections()), false, null);
      return;
    }
    int maxMessage = server.config().maxWebSocketMessageBytes();
    String location = "ws://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + "/";
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(location, null, true, maxMessage).newHandshaker(request);
    if (handshaker == null) {
      server.webSocketClosed();
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    WebSocketConnection connection = new WebSocketConnection(
        server.nextConnectionId(), ctx.channel(), server.mapper(), server.newSubscriptionTable());
    // The handshake swaps the HTTP codec and aggregator for WebSocket frame codecs; this handler gives way
    // to message aggregation (fragmented messages) and the JSON-RPC frame handler.
    handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) future -> {
      if (!future.isSuccess()) {
        LOG.debug("WebSocket handshake with {} failed", ctx.channel().remoteAddress(), future.cause());
        future.channel().close();
      }
    });
    ChannelPipeline pipeline = ctx.pipeline();
    if (pipeline.get(RpcChannelInitializer.HTTP_IDLE) != null) {
      pipeline.remove(RpcChannelInitializer.HTTP_IDLE);
    }
    server.webSockets().add(ctx.channel());
    boolean local = isLocalCaller((InetSocketAddress) ctx.channel().remoteAddress(), origin, request);
    pipeline.addAfter(ctx.name(), "ws-rpc", new WebSocketRpcHandler(server, connection, handshaker, local));
    pipeline.replace(this, "ws-aggregator", new WebSocketFrameAggregator(maxMessage));
    LOG.debug("WebSocket {} opened from {}", connection.id(), ctx.channel().remoteAddress());
  }

  private void answerLater(
      ChannelHandlerContext ctx, Supplier<FullHttpResponse> work, boolean keepAlive, String origin) {
    CompletableFuture<FullHttpResponse> response;
    try {
      response = CompletableFuture.supplyAsync(work, server.workers());
    } catch (RejectedExecutionException e) {
      response = CompletableFuture.completedFuture(
          HttpResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "server busy; retry later"));
    }
    enqueue(ctx, response, keepAlive, origin);
  }

  private void answer(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, String origin) {
    enqueue(ctx, CompletableFuture.completedFuture(response), keepAlive, origin);
  }

  private void enqueue(
      ChannelHandlerContext ctx, CompletableFuture<FullHttpResponse> response, boolean keepAlive, String origin) {
    pending++;
    if (pending >= MAX_PENDING) {
      ctx.channel().config().setAutoRead(false);
    }
    CompletableFuture<FullHttpResponse> safe = response.handle((ok, failure) -> {
      if (failure == null) {
        return ok;
      }
      LOG.error("answering an HTTP request from {} failed", ctx.channel().remoteAddress(), failure);
      return HttpResponses.json(HttpResponseStatus.INTERNAL_SERVER_ERROR,
          server.dispatcher().errorResponse(JsonRpcException.internalError()));
    });
    tail = tail.thenCompose(ignored -> safe)
        .thenAcceptAsync(ready -> write(ctx, ready, keepAlive, origin), ctx.executor())
        .exceptionally(failure -> {
          // Only reachable when the event loop is shutting down; the channel is closing with it.
          LOG.debug("dropping an HTTP answer to {}: {}", ctx.channel().remoteAddress(), failure.toString());
          return null;
        });
  }

  private void write(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive, String origin) {
    pending--;
    if (pending < MAX_PENDING && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
    if (!ctx.channel().isActive()) {
      response.release();
      return;
    }
    server.cors().addResponseHeaders(response.headers(), origin);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response, ctx.voidPromise());
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static boolean isWebSocketUpgrade(FullHttpRequest request) {
    return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && request.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return JSON_MEDIA_TYPES.contains(mediaType.strip().toLowerCase(Locale.ROOT));
  }

  /** Closes a keep-alive connection that stayed idle, unless an answer is still being worked on. */
  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof IdleStateEvent && pending == 0) {
      LOG.debug("closing idle HTTP connection from {}", ctx.channel().remoteAddress());
      ctx.close();
      return;
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("closing HTTP connection from {} after failure", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
