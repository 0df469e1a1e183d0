package io.veritas.chain.rpc.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.veritas.chain.rpc.JsonRpcException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC over one WebSocket: each text (or binary) message is one request or batch, executed on the
 * worker pool; responses go back as text messages as they complete (matched by id, as in geth).
 */
final class WebSocketRpcHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketRpcHandler.class);

  private final ServerResources server;
  private final WebSocketConnection connection;
  private final WebSocketServerHandshaker handshaker;
  /** Decided once at the upgrade, from the address and the Origin of the handshake. */
  private final boolean localCaller;

  WebSocketRpcHandler(
      ServerResources server,
      WebSocketConnection connection,
      WebSocketServerHandshaker handshaker,
      boolean localCaller) {
    super(false);
    this.server = server;
    this.connection = connection;
    this.handshaker = handshaker;
    this.localCaller = localCaller;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    switch (frame) {
      case TextWebSocketFrame text -> execute(ctx, text.content());
      case BinaryWebSocketFrame binary -> execute(ctx, binary.content());
      case PingWebSocketFrame ping -> ctx.writeAndFlush(new PongWebSocketFrame(ping.content()));
      case CloseWebSocketFrame close -> handshaker.close(ctx.channel(), close);
      default -> frame.release();
    }
  }

  private void execute(ChannelHandlerContext ctx, ByteBuf content) {
    InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
    CompletableFuture<Void> done;
    try {
      done = CompletableFuture.runAsync(() -> executeAndReply(content, remote), server.workers());
    } catch (RejectedExecutionException e) {
      content.release();
      connection.reply(server.dispatcher().errorResponse(RpcHttpHandler.busy(server.config())));
      return;
    }
    done.whenComplete((ignored, failure) -> {
      if (failure != null) {
        LOG.error("JSON-RPC over WebSocket {} failed", connection.id(), failure);
        connection.reply(server.dispatcher().errorResponse(JsonRpcException.internalError()));
      }
    });
  }

  /** Runs on a worker: the reply is handed to the channel before held subscription events are released. */
  private void executeAndReply(ByteBuf content, InetSocketAddress remote) {
    CallConnection call = new CallConnection(connection);
    try (InputStream in = new ByteBufInputStream(content, true)) {
      server.dispatcher().dispatch(in, remote, localCaller, call).ifPresent(connection::reply);
    } catch (IOException e) {
      throw new UncheckedIOException("closing a WebSocket message buffer failed", e);
    } finally {
      call.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    server.webSocketClosed();
    LOG.debug("WebSocket {} from {} closed", connection.id(), ctx.channel().remoteAddress());
    connection.closed();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      // RFC 6455 section 7.4.1: 1009 tells the client its message was too big to process.
      ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
              "message exceeds " + server.config().maxWebSocketMessageBytes() + " bytes"))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (cause instanceof CorruptedFrameException) {
      LOG.debug("closing WebSocket {}: corrupted frame: {}", connection.id(), cause.getMessage());
      ctx.close();
    } else {
      LOG.debug("closing WebSocket {} after I/O failure", connection.id(), cause);
      ctx.close();
    }
  }
}
