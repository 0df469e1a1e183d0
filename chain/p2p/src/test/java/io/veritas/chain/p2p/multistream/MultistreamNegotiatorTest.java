package io.veritas.chain.p2p.multistream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MultistreamNegotiatorTest {
  @Test
  void encodesMessagesWithVarintLengthAndNewline() {
    ByteBuf buf = Unpooled.buffer();
    MultistreamCodec.encode("/multistream/1.0.0", buf);
    assertEquals("132f6d756c746973747265616d2f312e302e300a", ByteBufUtil.hexDump(buf));
    assertEquals("/multistream/1.0.0", MultistreamCodec.decode(buf));
    buf.release();
  }

  @Test
  void dialerFallsBackAfterNaAndBothSidesAgree() {
    MultistreamNegotiator dialer = MultistreamNegotiator.dialer(List.of("/meshsub/1.2.0", "/meshsub/1.1.0"));
    MultistreamNegotiator listener = MultistreamNegotiator.listener(Set.of("/meshsub/1.1.0", "/meshsub/1.0.0")::contains);
    Deque<String> toListener = new ArrayDeque<>(dialer.start());
    Deque<String> toDialer = new ArrayDeque<>(listener.start());
    String dialerResult = null;
    String listenerResult = null;
    for (int round = 0; round < 10 && (dialerResult == null || listenerResult == null); round++) {
      while (!toListener.isEmpty()) {
        MultistreamNegotiator.Step s = listener.onMessage(toListener.poll());
        toDialer.addAll(s.send());
        listenerResult = s.done() ? s.selected() : listenerResult;
      }
      while (!toDialer.isEmpty()) {
        MultistreamNegotiator.Step s = dialer.onMessage(toDialer.poll());
        toListener.addAll(s.send());
        dialerResult = s.done() ? s.selected() : dialerResult;
      }
    }
    assertEquals("/meshsub/1.1.0", dialerResult);
    assertEquals("/meshsub/1.1.0", listenerResult);
  }

  @Test
  void rejectsAWrongHeaderAndExhaustedProposals() {
    MultistreamNegotiator listener = MultistreamNegotiator.listener(p -> false);
    NegotiationException e = assertThrows(NegotiationException.class, () -> listener.onMessage("/multistream/2.0.0"));
    assertEquals("expected multistream header /multistream/1.0.0, got '/multistream/2.0.0'", e.getMessage());

    MultistreamNegotiator dialer = MultistreamNegotiator.dialer(List.of("/a"));
    dialer.start();
    dialer.onMessage(MultistreamNegotiator.PROTOCOL_ID);
    assertEquals("peer supports none of [/a]", assertThrows(NegotiationException.class, () -> dialer.onMessage("na")).getMessage());

    MultistreamNegotiator stubborn = MultistreamNegotiator.listener(p -> false);
    stubborn.onMessage(MultistreamNegotiator.PROTOCOL_ID);
    for (int i = 0; i < MultistreamNegotiator.MAX_PROPOSALS; i++) {
      assertEquals(List.of("na"), stubborn.onMessage("/x/" + i).send());
    }
    assertThrows(NegotiationException.class, () -> stubborn.onMessage("/x/last"));
  }

  @Test
  void codecRejectsOversizedAndUnterminatedMessages() {
    assertThrows(WireFormatException.class, () -> MultistreamCodec.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex("8110"))));
    assertThrows(WireFormatException.class, () -> MultistreamCodec.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex("026e61"))));
    assertNull(MultistreamCodec.decode(Unpooled.wrappedBuffer(HexFormat.of().parseHex("036e61"))));
  }

  @Test
  void fuzzedInputOnlyYieldsMessagesOrWireFormatExceptions() {
    Random random = new Random(42);
    ByteBuf valid = Unpooled.buffer();
    MultistreamCodec.encode("/multistream/1.0.0", valid);
    MultistreamCodec.encode("/noise", valid);
    byte[] seed = ByteBufUtil.getBytes(valid);
    int decoded = 0;
    for (int i = 0; i < 50_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(40)];
        random.nextBytes(input);
      } else {
        input = seed.clone();
        for (int m = 0; m <= random.nextInt(3); m++) {
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
      }
      ByteBuf in = Unpooled.wrappedBuffer(input);
      MultistreamNegotiator listener = MultistreamNegotiator.listener("/noise"::equals);
      try {
        String message;
        while ((message = MultistreamCodec.decode(in)) != null) {
          decoded++;
          listener.onMessage(message);
        }
      } catch (WireFormatException expected) {
        // the only permitted failure
      }
    }
    assertTrue(decoded > 1000, "mutations of valid input decode often: " + decoded);
  }
}
