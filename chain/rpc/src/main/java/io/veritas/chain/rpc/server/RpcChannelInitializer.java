package io.veritas.chain.rpc.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** The pipeline of every accepted connection; a WebSocket upgrade later replaces the HTTP part. */
final class RpcChannelInitializer extends ChannelInitializer<SocketChannel> {

  private static final int MAX_INITIAL_LINE_BYTES = 4096;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_CHUNK_BYTES = 64 * 1024;

  /** Name of the idle-connection handler, which a WebSocket upgrade removes. */
  static final String HTTP_IDLE = "http-idle";

  private final ServerResources server;

  RpcChannelInitializer(ServerResources server) {
    this.server = server;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    server.channels().add(channel);
    channel.pipeline()
        .addLast(HTTP_IDLE, new IdleStateHandler(0, 0, server.config().httpIdleTimeoutSeconds(), TimeUnit.SECONDS))
        .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES))
        .addLast("http-aggregator", new BodyLimitAggregator(server.config().maxRequestBodyBytes()))
        .addLast("http-router", new RpcHttpHandler(server));
  }
}
