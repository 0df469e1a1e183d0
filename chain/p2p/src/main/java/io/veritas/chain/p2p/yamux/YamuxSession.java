package io.veritas.chain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A yamux session (hashicorp/yamux spec.md, protocol id {@code /yamux/1.0.0}) as the last stage of a connection's
 * pipeline. All state is confined to the channel's event loop. The dialer of the connection uses odd stream ids,
 * the listener even ones. A peer that sends more data than the window it was granted, or a malformed frame, gets a
 * go-away with a protocol error and the connection is closed.
 */
public final class YamuxSession extends ByteToMessageDecoder {
  public static final String PROTOCOL_ID = "/yamux/1.0.0";
  /** Largest data frame we send; js-yamux and go-yamux use 64 KiB too. */
  static final int MAX_SEND_FRAME = 64 * 1024;
  private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);

  private final boolean client;
  private final YamuxConfig config;
  private final PeerId remotePeer;
  private final Function<YamuxStream, StreamHandler> inbound;
  private final Map<Integer, YamuxStream> streams = new HashMap<>();
  private ChannelHandlerContext ctx;
  private YamuxFrame pendingHeader;
  private int nextStreamId;
  private boolean goAwayReceived;
  private boolean goAwaySent;
  private boolean flushScheduled;

  /**
   * @param client whether we dialled the connection (odd stream ids)
   * @param inbound gives each stream the peer opens its first handler (typically a protocol negotiation)
   */
  public YamuxSession(boolean client, YamuxConfig config, PeerId remotePeer, Function<YamuxStream, StreamHandler> inbound) {
    this.client = client;
    this.config = config;
    this.remotePeer = remotePeer;
    this.inbound = inbound;
    this.nextStreamId = client ? 1 : 2;
  }

  PeerId remotePeer() {
    return remotePeer;
  }

  YamuxConfig config() {
    return config;
  }

  ChannelHandlerContext ctx() {
    return ctx;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    super.handlerAdded(ctx);
  }

  public int streamCount() {
    return streams.size();
  }

  /**
   * Opens an outbound stream. {@code handlerFactory} runs on the event loop right after the SYN is queued, so the
   * handler is in place before any reply can arrive and may write at once.
   */
  public CompletableFuture<YamuxStream> openStream(Function<YamuxStream, StreamHandler> handlerFactory) {
    CompletableFuture<YamuxStream> result = new CompletableFuture<>();
    ctx.executor().execute(() -> {
      if (!ctx.channel().isActive()) {
        result.completeExceptionally(new IllegalStateException("connection to " + remotePeer + " is closed"));
      } else if (goAwayReceived || goAwaySent) {
        result.completeExceptionally(new IllegalStateException("connection to " + remotePeer + " is going away"));
      } else if (streams.size() >= config.maxStreams()) {
        result.completeExceptionally(new IllegalStateException(
            "stream limit " + config.maxStreams() + " reached on connection to " + remotePeer));
      } else {
        int id = nextStreamId;
        nextStreamId += 2;
        YamuxStream stream = new YamuxStream(this, id, true, null);
        streams.put(id, stream);
        // SYN rides on a window update that also grants any window beyond the spec's initial 256 KiB.
        writeFrame(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, extraWindow()));
        try {
          stream.setInitialHandler(handlerFactory.apply(stream));
        } catch (RuntimeException e) {
          stream.reset();
          result.completeExceptionally(e);
          return;
        }
        ctx.flush();
        result.complete(stream);
      }
    });
    return result;
  }

  /** Sends go-away (normal termination) and closes the connection. */
  public void close() {
    ctx.executor().execute(() -> {
      if (ctx.channel().isActive() && !goAwaySent) {
        goAwaySent = true;
        writeFrame(new YamuxFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL));
        ctx.writeAndFlush(ctx.alloc().buffer(0)).addListener(f -> ctx.close());
      } else {
        ctx.close();
      }
    });
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      while (ctx.channel().isActive()) {
        if (pendingHeader == null) {
          pendingHeader = YamuxFrame.decodeHeader(in);
          if (pendingHeader == null) {
            return;
          }
          if (pendingHeader.type() == YamuxFrame.TYPE_DATA) {
            checkReceiveWindow(pendingHeader);
          }
        }
        YamuxFrame frame = pendingHeader;
        if (frame.type() == YamuxFrame.TYPE_DATA) {
          if (in.readableBytes() < frame.length()) {
            return;
          }
          ByteBuf payload = in.readRetainedSlice((int) frame.length());
          pendingHeader = null;
          onFrame(frame, payload);
        } else {
          pendingHeader = null;
          onFrame(frame, null);
        }
      }
      in.skipBytes(in.readableBytes());
    } catch (WireFormatException e) {
      in.skipBytes(in.readableBytes());
      protocolError(e.getMessage());
    }
  }

  /** The spec's flow control: a data frame larger than the remaining receive window is a session error. */
  private void checkReceiveWindow(YamuxFrame frame) {
    YamuxStream stream = streams.get(frame.streamId());
    long window = stream != null ? stream.receiveWindow()
        : frame.has(YamuxFrame.FLAG_SYN) ? YamuxConfig.SPEC_INITIAL_WINDOW : config.initialWindow();
    if (frame.length() > window) {
      throw new WireFormatException("yamux window violation on stream " + Integer.toUnsignedString(frame.streamId())
          + ": " + frame.length() + " bytes sent into a window of " + window);
    }
  }

  private void onFrame(YamuxFrame frame, ByteBuf payload) {
    switch (frame.type()) {
      case YamuxFrame.TYPE_PING -> {
        if (frame.has(YamuxFrame.FLAG_SYN)) {
          writeFrame(new YamuxFrame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, frame.length()));
          ctx.flush();
        }
      }
      case YamuxFrame.TYPE_GO_AWAY -> {
        goAwayReceived = true;
        LOG.debug("peer {} sent yamux go-away with code {}", remotePeer, frame.length());
      }
      default -> onStreamFrame(frame, payload);
    }
  }

  private void onStreamFrame(YamuxFrame frame, ByteBuf payload) {
    try {
      YamuxStream stream = streams.get(frame.streamId());
      if (frame.has(YamuxFrame.FLAG_SYN)) {
        if (stream != null) {
          throw new WireFormatException("yamux SYN for already open stream " + Integer.toUnsignedString(frame.streamId()));
        }
        stream = acceptStream(frame.streamId());
        if (stream == null) {
          return;
        }
      }
      if (stream == null) {
        return; // a late frame for a stream we already closed or reset
      }
      if (frame.has(YamuxFrame.FLAG_RST)) {
        stream.onRemoteReset();
        return;
      }
      if (frame.type() == YamuxFrame.TYPE_WINDOW_UPDATE) {
        stream.onWindowUpdate(frame.length());
      } else if (payload != null && payload.isReadable()) {
        stream.onData(payload);
      }
      if (frame.has(YamuxFrame.FLAG_FIN)) {
        stream.onRemoteFin();
      }
    } finally {
      if (payload != null) {
        payload.release();
      }
    }
  }

  private YamuxStream acceptStream(int id) {
    boolean remoteParity = client ? (id & 1) == 0 : (id & 1) == 1;
    if (!remoteParity || id == 0) {
      throw new WireFormatException("peer opened stream " + Integer.toUnsignedString(id) + " with our parity");
    }
    if (goAwaySent || streams.size() >= config.maxStreams()) {
      LOG.debug("refusing stream {} from {}: {} streams open (limit {})", Integer.toUnsignedString(id), remotePeer,
          streams.size(), config.maxStreams());
      writeFrame(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0));
      ctx.flush();
      return null;
    }
    YamuxStream stream = new YamuxStream(this, id, false, null);
    streams.put(id, stream);
    writeFrame(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, id, extraWindow()));
    ctx.flush();
    stream.setInitialHandler(inbound.apply(stream));
    return stream;
  }

  private long extraWindow() {
    return config.initialWindow() - (long) YamuxConfig.SPEC_INITIAL_WINDOW;
  }

  void writeFrame(YamuxFrame frame) {
    ByteBuf buf = ctx.alloc().buffer(YamuxFrame.HEADER_LENGTH);
    frame.encodeHeader(buf);
    ctx.write(buf);
  }

  /** Writes a data frame without copying the payload: the header and a slice of {@code data} form one buffer. */
  void writeData(int streamId, int flags, ByteBuf data, int length) {
    ByteBuf header = ctx.alloc().buffer(YamuxFrame.HEADER_LENGTH);
    new YamuxFrame(YamuxFrame.TYPE_DATA, flags, streamId, length).encodeHeader(header);
    ctx.write(ctx.alloc().compositeBuffer(2).addComponents(true, header, data.readRetainedSlice(length)));
  }

  /**
   * Flushes once the event loop has run the tasks already queued: stream writes arrive as separate tasks (one per
   * gossip RPC, say), and flushing after the batch lets the Noise layer seal them into one frame and one socket
   * write. Control frames that must not wait (pings, resets, go-away) still flush at once.
   */
  void flushSoon() {
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.executor().execute(this::flushNow);
    }
  }

  private void flushNow() {
    flushScheduled = false;
    ctx.flush();
  }

  void removeStream(YamuxStream stream) {
    streams.remove(stream.id(), stream);
  }

  private void protocolError(String reason) {
    LOG.warn("yamux protocol error from {}, closing connection: {}", remotePeer, reason);
    if (ctx.channel().isActive() && !goAwaySent) {
      goAwaySent = true;
      writeFrame(new YamuxFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
      ctx.flush();
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    for (YamuxStream s : new ArrayList<>(streams.values())) {
      s.onConnectionClosed();
    }
    streams.clear();
    super.channelInactive(ctx);
  }
}
