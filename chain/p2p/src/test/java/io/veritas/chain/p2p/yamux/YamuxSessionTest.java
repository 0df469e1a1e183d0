package io.veritas.chain.p2p.yamux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(60)
class YamuxSessionTest {
  private final PeerId peer = PrivateKey.generate(KeyType.ED25519, new SecureRandom(new byte[] {1})).peerId();
  private final List<String> received = new ArrayList<>();

  private EmbeddedChannel session(YamuxConfig config) {
    StreamHandler collect = new StreamHandler() {
      @Override
      public void onData(P2pStream stream, ByteBuf data) {
        received.add(data.toString(java.nio.charset.StandardCharsets.US_ASCII));
      }
    };
    return new EmbeddedChannel(new YamuxSession(false, config, peer, s -> collect));
  }

  private static ByteBuf frame(int type, int flags, int stream, long length, byte[] data) {
    ByteBuf buf = Unpooled.buffer();
    new YamuxFrame(type, flags, stream, length).encodeHeader(buf);
    return buf.writeBytes(data);
  }

  private static YamuxFrame readFrame(EmbeddedChannel ch) {
    ByteBuf out = ch.readOutbound();
    if (out == null) {
      return null;
    }
    try {
      return YamuxFrame.decodeHeader(out);
    } finally {
      out.release();
    }
  }

  @Test
  void acceptsAStreamAcksItDeliversDataAndAnswersPings() {
    EmbeddedChannel ch = session(YamuxConfig.defaults());
    ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0, new byte[0]));
    assertEquals(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK, 1, 0), readFrame(ch));
    ch.writeInbound(frame(YamuxFrame.TYPE_DATA, 0, 1, 5, "hello".getBytes()));
    assertEquals(List.of("hello"), received);
    ch.writeInbound(frame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, 0xCAFE, new byte[0]));
    assertEquals(new YamuxFrame(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, 0xCAFE), readFrame(ch));
    assertTrue(ch.isActive());
  }

  @Test
  void regrantsTheWindowAfterHalfIsConsumed() {
    EmbeddedChannel ch = session(YamuxConfig.defaults());
    ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0, new byte[0]));
    readFrame(ch);
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < 2; i++) {
      ch.writeInbound(frame(YamuxFrame.TYPE_DATA, 0, 1, chunk.length, chunk));
    }
    assertEquals(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, 0, 1, 128 * 1024), readFrame(ch));
  }

  @Test
  void windowViolationIsAProtocolErrorThatClosesTheConnection() {
    EmbeddedChannel ch = session(YamuxConfig.defaults());
    ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0, new byte[0]));
    readFrame(ch);
    ch.writeInbound(frame(YamuxFrame.TYPE_DATA, 0, 1, 256 * 1024 + 1, new byte[0]));
    assertEquals(new YamuxFrame(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_PROTOCOL_ERROR), readFrame(ch));
    assertFalse(ch.isActive());
  }

  @Test
  void refusesStreamsBeyondTheLimitWithRst() {
    EmbeddedChannel ch = session(new YamuxConfig(YamuxConfig.SPEC_INITIAL_WINDOW, 2, 1 << 20));
    for (int id = 1; id <= 5; id += 2) {
      ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, id, 0, new byte[0]));
    }
    assertEquals(YamuxFrame.FLAG_ACK, readFrame(ch).flags());
    assertEquals(YamuxFrame.FLAG_ACK, readFrame(ch).flags());
    assertEquals(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, 5, 0), readFrame(ch));
    assertNull(readFrame(ch));
  }

  @Test
  void noNewStreamsAfterTheGoAwayOfThePeer() {
    YamuxSession session = new YamuxSession(true, YamuxConfig.defaults(), peer, s -> null);
    EmbeddedChannel ch = new EmbeddedChannel(session);
    java.util.concurrent.CompletableFuture<YamuxStream> opened = session.openStream(s -> (st, d) -> {});
    ch.runPendingTasks(); // the embedded event loop runs submitted tasks only when asked
    YamuxStream first = opened.getNow(null);
    assertEquals(1, first.id());
    assertEquals(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 1, 0), readFrame(ch));
    ch.writeInbound(frame(YamuxFrame.TYPE_GO_AWAY, 0, 0, YamuxFrame.GO_AWAY_NORMAL, new byte[0]));
    java.util.concurrent.CompletableFuture<YamuxStream> refused = session.openStream(s -> (st, d) -> {});
    ch.runPendingTasks();
    assertTrue(refused.isCompletedExceptionally());
    assertTrue(ch.isActive());
  }

  @Test
  void streamsOpenedWithOurParityAreAProtocolError() {
    EmbeddedChannel ch = session(YamuxConfig.defaults());
    ch.writeInbound(frame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_SYN, 2, 0, new byte[0]));
    assertEquals(YamuxFrame.TYPE_GO_AWAY, readFrame(ch).type());
    assertFalse(ch.isActive());
  }

  @Test
  void fuzzedFramesOnlyCloseTheConnectionAndHeaderDecodingOnlyThrowsWireFormatException() {
    Random random = new Random(77);
    for (int i = 0; i < 3_000; i++) {
      EmbeddedChannel ch = session(YamuxConfig.defaults());
      ByteBuf in = Unpooled.buffer();
      for (int f = 0; f < 1 + random.nextInt(6); f++) {
        if (random.nextBoolean()) {
          int type = random.nextInt(5);
          int len = random.nextInt(40);
          ByteBuf fr = Unpooled.buffer();
          fr.writeByte(random.nextInt(10) == 0 ? 1 : 0).writeByte(type).writeShort(random.nextInt(16))
              .writeInt(random.nextInt(6)).writeInt(type == 0 ? len : random.nextInt());
          byte[] payload = new byte[type == 0 ? len : 0];
          random.nextBytes(payload);
          in.writeBytes(fr.writeBytes(payload));
          fr.release();
        } else {
          byte[] junk = new byte[random.nextInt(30)];
          random.nextBytes(junk);
          in.writeBytes(junk);
        }
      }
      byte[] bytes = ByteBufUtil.getBytes(in);
      ch.writeInbound(in);
      ch.checkException();
      ch.finishAndReleaseAll();
      ByteBuf copy = Unpooled.wrappedBuffer(bytes);
      try {
        while (YamuxFrame.decodeHeader(copy) != null) {
          assertNotNull(copy);
        }
      } catch (WireFormatException expected) {
        // the only permitted failure
      }
    }
  }
}
