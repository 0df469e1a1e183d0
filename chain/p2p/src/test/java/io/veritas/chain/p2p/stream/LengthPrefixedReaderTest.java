package io.veritas.chain.p2p.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.veritas.chain.p2p.identity.PeerId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Splitting a stream into varint-prefixed messages whatever the frame boundaries, and what a bad prefix does. */
class LengthPrefixedReaderTest {
  private static final HexFormat HEX = HexFormat.of();

  private static final class FakeStream implements P2pStream {
    boolean reset;

    @Override
    public PeerId remotePeer() {
      return null;
    }

    @Override
    public boolean isInitiator() {
      return false;
    }

    @Override
    public String protocol() {
      return "/test/1";
    }

    @Override
    public void write(ByteBuf data) {
      data.release();
    }

    @Override
    public void closeWrite() {}

    @Override
    public void reset() {
      reset = true;
    }

    @Override
    public void setHandler(StreamHandler handler) {}

    @Override
    public ByteBufAllocator alloc() {
      return UnpooledByteBufAllocator.DEFAULT;
    }

    @Override
    public Executor executor() {
      return Runnable::run;
    }
  }

  private final FakeStream stream = new FakeStream();
  private final List<String> received = new ArrayList<>();
  private final LengthPrefixedReader reader = new LengthPrefixedReader(4, (s, message) -> {
    received.add(HEX.formatHex(message));
    return true;
  });

  /** Feeds one frame as the yamux stream does: the reader may keep a reference, the caller releases its own. */
  private void frame(String hex) {
    ByteBuf data = Unpooled.wrappedBuffer(HEX.parseHex(hex));
    reader.onData(stream, data);
    data.release();
  }

  @Test
  void deliversEveryWholeMessageOfAFrame() {
    frame("01aa" + "02bbcc" + "00");
    assertEquals(List.of("aa", "bbcc", ""), received);
  }

  @Test
  void joinsMessagesSplitAcrossFramesAtAnyByte() {
    frame("03010203" + "04dd");   // a whole message, then a prefix and one byte of the next
    frame("ee");
    frame("ff00" + "01");          // the rest of it, then a lone prefix
    frame("99");
    assertEquals(List.of("010203", "ddeeff00", "99"), received);
  }

  @Test
  void aLengthAboveTheLimitResetsTheStreamAndStopsDelivery() {
    frame("01aa" + "05");
    assertTrue(stream.reset);
    assertEquals(List.of("aa"), received);
    frame("01bb");
    assertEquals(List.of("aa"), received);
  }

  @Test
  void aHandlerReturningFalseStopsReading() {
    List<String> got = new ArrayList<>();
    LengthPrefixedReader once = new LengthPrefixedReader(4, (s, m) -> {
      got.add(HEX.formatHex(m));
      return false;
    });
    ByteBuf data = Unpooled.wrappedBuffer(HEX.parseHex("01aa01bb"));
    once.onData(stream, data);
    data.release();
    assertEquals(List.of("aa"), got);
    assertFalse(stream.reset);
  }
}
