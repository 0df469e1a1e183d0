package io.veritas.chain.p2p.ping;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;

/** Ping ({@code /ipfs/ping/1.0.0}): the dialer sends 32 random bytes, the listener echoes every 32 it receives. */
public final class PingProtocol {
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
  public static final int PAYLOAD_SIZE = 32;

  private PingProtocol() {}

  /** Listener side: echo in 32-byte units (holding at most 31 bytes between reads). */
  public static StreamHandler responder() {
    return new StreamHandler() {
      private final byte[] partial = new byte[PAYLOAD_SIZE];
      private int filled;

      @Override
      public void onData(P2pStream stream, ByteBuf data) {
        while (data.isReadable()) {
          int n = Math.min(PAYLOAD_SIZE - filled, data.readableBytes());
          data.readBytes(partial, filled, n);
          filled += n;
          if (filled == PAYLOAD_SIZE) {
            stream.write(Unpooled.copiedBuffer(partial));
            filled = 0;
          }
        }
      }

      @Override
      public void onRemoteClose(P2pStream stream) {
        stream.closeWrite();
      }
    };
  }
}
