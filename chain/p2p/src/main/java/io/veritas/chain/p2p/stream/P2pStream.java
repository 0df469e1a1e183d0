package io.veritas.chain.p2p.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.veritas.chain.p2p.identity.PeerId;
import java.util.concurrent.Executor;

/**
 * A bidirectional, flow-controlled byte stream multiplexed over a secured connection. Methods may be called from
 * any thread; the stream's {@link StreamHandler} is always called on the connection's event loop.
 */
public interface P2pStream {
  PeerId remotePeer();

  /** Whether we opened the stream. */
  boolean isInitiator();

  /** The negotiated application protocol, or null while negotiation is in progress. */
  String protocol();

  /** Queues {@code data} for sending; takes ownership of the buffer. Ignored (and released) after close/reset. */
  void write(ByteBuf data);

  /** Half-closes our direction (yamux FIN); the peer may still send. */
  void closeWrite();

  /** Aborts both directions (yamux RST). */
  void reset();

  /** Replaces the handler that receives this stream's events. */
  void setHandler(StreamHandler handler);

  ByteBufAllocator alloc();

  /** The event loop that runs this stream's handler callbacks (tasks given to it run after the current I/O turn). */
  Executor executor();
}
