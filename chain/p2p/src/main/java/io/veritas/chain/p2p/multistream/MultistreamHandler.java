package io.veritas.chain.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one multistream-select negotiation at the head of a connection's byte stream (before the security and
 * muxer stages). Once a protocol is selected it calls {@code onSelected} (which installs the next stage after this
 * handler) and removes itself; bytes already received past the negotiation flow on to the next stage.
 */
public final class MultistreamHandler extends ByteToMessageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(MultistreamHandler.class);

  private final MultistreamNegotiator negotiator;
  private final BiConsumer<ChannelHandlerContext, String> onSelected;
  private boolean started;
  private boolean done;

  public MultistreamHandler(MultistreamNegotiator negotiator, BiConsumer<ChannelHandlerContext, String> onSelected) {
    this.negotiator = negotiator;
    this.onSelected = onSelected;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) {
      start(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    start(ctx);
    super.channelActive(ctx);
  }

  private void start(ChannelHandlerContext ctx) {
    if (started) {
      return;
    }
    started = true;
    send(ctx, negotiator.start());
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (done) {
      return;
    }
    try {
      String message;
      while ((message = MultistreamCodec.decode(in)) != null) {
        MultistreamNegotiator.Step step = negotiator.onMessage(message);
        send(ctx, step.send());
        if (step.done()) {
          done = true;
          onSelected.accept(ctx, step.selected());
          ctx.pipeline().remove(this);
          return;
        }
      }
    } catch (WireFormatException e) {
      done = true;
      in.skipBytes(in.readableBytes());
      LOG.warn("multistream negotiation with {} failed, closing connection: {}", ctx.channel().remoteAddress(),
          e.getMessage());
      ctx.close();
    }
  }

  private static void send(ChannelHandlerContext ctx, List<String> messages) {
    if (messages.isEmpty()) {
      return;
    }
    ByteBuf buf = ctx.alloc().buffer();
    for (String m : messages) {
      MultistreamCodec.encode(m, buf);
    }
    ctx.writeAndFlush(buf);
  }
}
