package io.veritas.chain.p2p.ping;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** The dialer's side of one ping: {@link #send} the payload, complete with the round-trip time when it comes back. */
public final class PingInitiator implements StreamHandler {
  private final byte[] payload = new byte[PingProtocol.PAYLOAD_SIZE];
  private final byte[] echo = new byte[PingProtocol.PAYLOAD_SIZE];
  private final CompletableFuture<Duration> rtt = new CompletableFuture<>();
  private int filled;
  private long sentAt;

  public PingInitiator(SecureRandom random) {
    random.nextBytes(payload);
  }

  public CompletableFuture<Duration> result() {
    return rtt;
  }

  public void send(P2pStream stream) {
    sentAt = System.nanoTime();
    stream.write(Unpooled.wrappedBuffer(payload.clone()));
  }

  @Override
  public void onData(P2pStream stream, ByteBuf data) {
    int n = Math.min(PingProtocol.PAYLOAD_SIZE - filled, data.readableBytes());
    data.readBytes(echo, filled, n);
    filled += n;
    if (filled == PingProtocol.PAYLOAD_SIZE && !rtt.isDone()) {
      if (Arrays.equals(payload, echo)) {
        rtt.complete(Duration.ofNanos(System.nanoTime() - sentAt));
      } else {
        rtt.completeExceptionally(new IllegalStateException("ping echo from " + stream.remotePeer() + " differs"));
      }
      stream.closeWrite();
    }
  }

  @Override
  public void onClosed(P2pStream stream) {
    rtt.completeExceptionally(new IllegalStateException("ping stream to " + stream.remotePeer() + " closed early"));
  }
}
