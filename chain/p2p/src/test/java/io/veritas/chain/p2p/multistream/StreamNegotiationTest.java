package io.veritas.chain.p2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.yamux.YamuxConfig;
import io.veritas.chain.p2p.yamux.YamuxFrame;
import io.veritas.chain.p2p.yamux.YamuxSession;
import io.veritas.chain.p2p.yamux.YamuxStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** Multistream negotiation on a real yamux stream (an embedded channel, whose event loop runs everything inline). */
@org.junit.jupiter.api.Timeout(60)
class StreamNegotiationTest {
  private static final String PROTOCOL = "/veritas/test/1";

  private final List<String> events = new ArrayList<>();
  private final StreamHandler protocolHandler = new StreamHandler() {
    @Override
    public void onData(P2pStream stream, ByteBuf data) {
      events.add("data " + data.toString(StandardCharsets.US_ASCII));
    }

    @Override
    public void onClosed(P2pStream stream) {
      events.add("closed");
    }
  };

  /** Opens stream 1 as the dialer with a negotiation for {@link #PROTOCOL}; returns the channel. */
  private EmbeddedChannel dial(BiFunction<P2pStream, String, StreamHandler> selected) {
    YamuxSession session = new YamuxSession(true, YamuxConfig.defaults(),
        PrivateKey.generate(KeyType.ED25519, new SecureRandom(new byte[] {2})).peerId(), s -> null);
    EmbeddedChannel ch = new EmbeddedChannel(session);
    CompletableFuture<YamuxStream> opened = session.openStream(s -> StreamNegotiation.start(s,
        MultistreamNegotiator.dialer(List.of(PROTOCOL)), selected, () -> events.add("failed")));
    ch.runPendingTasks();
    assertEquals(true, opened.isDone() && !opened.isCompletedExceptionally());
    ch.releaseOutbound();
    return ch;
  }

  /** The listener's whole answer in one data frame: header, the protocol accepted, then {@code after}. */
  private static ByteBuf listenerAnswer(String after) {
    ByteBuf payload = Unpooled.buffer();
    MultistreamCodec.encode(MultistreamNegotiator.PROTOCOL_ID, payload);
    MultistreamCodec.encode(PROTOCOL, payload);
    payload.writeBytes(after.getBytes(StandardCharsets.US_ASCII));
    ByteBuf frame = Unpooled.buffer();
    new YamuxFrame(YamuxFrame.TYPE_DATA, YamuxFrame.FLAG_ACK, 1, payload.readableBytes()).encodeHeader(frame);
    frame.writeBytes(payload);
    payload.release();
    return frame;
  }

  private static YamuxFrame nextFrame(EmbeddedChannel ch) {
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
  void handsTheStreamAndTheBytesAfterTheNegotiationToTheSelectedHandler() {
    EmbeddedChannel ch = dial((s, p) -> protocolHandler);
    ch.writeInbound(listenerAnswer("hello"));
    ch.checkException();
    assertEquals(List.of("data hello"), events);
  }

  /**
   * Issue #5: a request whose timeout fired before the negotiation finished resets its stream inside the selection
   * callback (the opened future's dependents run inline). The negotiation used to read its buffer after that close
   * had released it and failed with a NullPointerException; the new handler must instead learn that its stream is
   * gone, and nothing may be delivered to it.
   */
  @Test
  void streamResetWhileTheProtocolIsBeingSelectedClosesTheSelectedHandler() {
    EmbeddedChannel ch = dial((s, p) -> {
      s.reset();
      return protocolHandler;
    });
    ch.writeInbound(listenerAnswer("hello"));
    ch.checkException();
    assertEquals(List.of("closed"), events);
    assertEquals(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, 1, 0), nextFrame(ch));
    assertEquals(null, nextFrame(ch));
  }

  @Test
  void peerClosingBeforeAgreementFailsTheNegotiation() {
    EmbeddedChannel ch = dial((s, p) -> protocolHandler);
    ByteBuf fin = Unpooled.buffer();
    new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_ACK | YamuxFrame.FLAG_FIN, 1, 0).encodeHeader(fin);
    ch.writeInbound(fin);
    ch.checkException();
    assertEquals(List.of("failed"), events);
    assertEquals(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, 1, 0), nextFrame(ch));
  }
}
