package io.veritas.chain.p2p.stream;

import io.netty.buffer.ByteBuf;

/** Receives one stream's events, on the connection's event loop. */
public interface StreamHandler {
  /** Bytes from the peer; the buffer is released by the caller after this returns (retain or copy to keep it). */
  void onData(P2pStream stream, ByteBuf data);

  /** The peer half-closed its direction; no more data will arrive. */
  default void onRemoteClose(P2pStream stream) {}

  /** The stream is gone (both directions closed, reset by either side, or the connection closed). */
  default void onClosed(P2pStream stream) {}
}
