package io.veritas.chain.p2p.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.p2p.multistream.MultistreamNegotiator;
import io.veritas.chain.p2p.multistream.StreamNegotiation;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.yamux.YamuxConfig;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two transports over loopback TCP: Noise-authenticated, yamux-multiplexed, flow-controlled streams. */
class TcpTransportTest {
  private static final String ECHO = "/test/echo/1";
  private final SecureRandom random = new SecureRandom(new byte[] {7});
  private final PrivateKey serverKey = PrivateKey.generate(KeyType.SECP256K1, random);
  private final PrivateKey clientKey = PrivateKey.generate(KeyType.ED25519, random);
  private TcpTransport server;
  private TcpTransport client;

  @AfterEach
  void close() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static TransportConfig config(PrivateKey key) {
    return new TransportConfig(key, YamuxConfig.defaults(), Duration.ofSeconds(20), 1);
  }

  /** Echoes everything back and half-closes when the peer does. */
  private static StreamHandler echo() {
    return new StreamHandler() {
      @Override
      public void onData(P2pStream stream, ByteBuf data) {
        stream.write(data.retainedDuplicate());
      }

      @Override
      public void onRemoteClose(P2pStream stream) {
        stream.closeWrite();
      }
    };
  }

  private Multiaddr startEchoServer() throws InterruptedException {
    server = new TcpTransport(config(serverKey), (conn, stream) -> StreamNegotiation.start(stream,
        MultistreamNegotiator.listener(ECHO::equals), (s, p) -> echo(), () -> {}), c -> true);
    return server.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
  }

  @Test
  void echoesOneMegabyteThroughAStreamBeyondTheYamuxWindow() throws Exception {
    Multiaddr bound = startEchoServer();
    client = new TcpTransport(config(clientKey), (c, s) -> null, c -> true);
    Connection conn = client.dial(bound.withPeerId(serverKey.peerId())).get(20, TimeUnit.SECONDS);
    assertEquals(serverKey.peerId(), conn.remotePeer());

    byte[] payload = new byte[1 << 20];
    random.nextBytes(payload);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    P2pStream stream = conn.openStream(List.of(ECHO), s -> new StreamHandler() {
      @Override
      public void onData(P2pStream st, ByteBuf data) {
        received.writeBytes(ByteBufUtil.getBytes(data));
      }

      @Override
      public void onRemoteClose(P2pStream st) {
        done.complete(received.toByteArray());
      }
    }).get(20, TimeUnit.SECONDS);
    assertEquals(ECHO, stream.protocol());
    stream.write(Unpooled.wrappedBuffer(payload));
    stream.closeWrite();
    assertArrayEquals(payload, done.get(30, TimeUnit.SECONDS));
  }

  @Test
  void dialFailsWhenThePeerIsNotWhoTheAddressSays() throws Exception {
    Multiaddr bound = startEchoServer();
    client = new TcpTransport(config(clientKey), (c, s) -> null, c -> true);
    PrivateKey other = PrivateKey.generate(KeyType.ED25519, random);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> client.dial(bound.withPeerId(other.peerId())).get(20, TimeUnit.SECONDS));
    assertInstanceOf(ConnectException.class, e.getCause());
  }

  @Test
  void unsupportedStreamProtocolFailsTheOpenWithoutHarmingTheConnection() throws Exception {
    Multiaddr bound = startEchoServer();
    client = new TcpTransport(config(clientKey), (c, s) -> null, c -> true);
    Connection conn = client.dial(bound).get(20, TimeUnit.SECONDS);
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> conn.openStream(List.of("/nope/1", "/nope/2"), s -> echo()).get(20, TimeUnit.SECONDS));
    assertInstanceOf(StreamNegotiationFailedException.class, e.getCause());
    assertEquals(ECHO, conn.openStream(List.of("/nope/1", ECHO), s -> echo()).get(20, TimeUnit.SECONDS).protocol());
  }
}
