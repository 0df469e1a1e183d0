package io.veritas.chain.p2p.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.veritas.chain.p2p.wire.LengthPrefixedDecoder;
import io.veritas.chain.p2p.wire.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stream handler that splits the stream into unsigned-varint length-prefixed messages of at most
 * {@code maxMessageSize} bytes. At most one partial message is buffered; an oversized or malformed prefix resets the
 * stream.
 */
public final class LengthPrefixedReader implements StreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LengthPrefixedReader.class);

  /** Receives each message; may return false to stop reading (the rest of the stream is ignored). */
  public interface MessageHandler {
    boolean onMessage(P2pStream stream, byte[] message);

    /** The peer closed its side, the stream was reset, or the connection died. */
    default void onEnd(P2pStream stream, boolean remoteClosedCleanly) {}
  }

  private final LengthPrefixedDecoder decoder;
  private final MessageHandler handler;
  private CompositeByteBuf buffer;
  private boolean stopped;
  private boolean ended;

  public LengthPrefixedReader(int maxMessageSize, MessageHandler handler) {
    this.decoder = new LengthPrefixedDecoder(maxMessageSize);
    this.handler = handler;
  }

  @Override
  public void onData(P2pStream stream, ByteBuf data) {
    if (stopped) {
      return;
    }
    try {
      if (buffer == null || !buffer.isReadable()) {
        // Nothing buffered (the usual case: frames carry whole messages): read straight from the frame and keep only
        // an incomplete tail, sparing the composite buffer its per-frame bookkeeping.
        ByteBuf view = data.duplicate();
        deliverAll(stream, view);
        if (stopped || !view.isReadable()) {
          return;
        }
        data = view;
      }
      if (buffer == null) {
        buffer = stream.alloc().compositeBuffer(64);
      }
      buffer.addComponent(true, data.retain());
      deliverAll(stream, buffer);
      if (buffer.readableBytes() > decoder.maxMessageSize() + 10) {
        throw new WireFormatException("buffered " + buffer.readableBytes() + " bytes without a complete message");
      }
      buffer.discardReadComponents();
    } catch (WireFormatException e) {
      stopped = true;
      LOG.debug("bad length-prefixed message on {}: {}", stream, e.getMessage());
      release();
      stream.reset();
    }
  }

  private void deliverAll(P2pStream stream, ByteBuf in) {
    ByteBuf message;
    while (!stopped && (message = decoder.next(in)) != null) {
      byte[] bytes;
      try {
        bytes = ByteBufUtil.getBytes(message);
      } finally {
        message.release();
      }
      if (!handler.onMessage(stream, bytes)) {
        stopped = true;
      }
    }
  }

  @Override
  public void onRemoteClose(P2pStream stream) {
    end(stream, true);
  }

  @Override
  public void onClosed(P2pStream stream) {
    end(stream, false);
    release();
  }

  private void end(P2pStream stream, boolean clean) {
    if (!ended) {
      ended = true;
      handler.onEnd(stream, clean && !stopped);
    }
  }

  private void release() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }
}
