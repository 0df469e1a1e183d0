package io.veritas.chain.p2p.gossip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.veritas.chain.p2p.identify.IdentifyMessage;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RpcFuzzTest {
  private static Rpc sample() {
    return new Rpc(List.of(new Rpc.Subscription(true, "t1"), new Rpc.Subscription(false, "t2")),
        List.of(new PubMessage(new byte[] {0, 1, 2}, new byte[] {9, 9}, new byte[8], "t1", new byte[64], null)),
        new Rpc.Control(List.of(new Rpc.IHave("t1", List.of(new MessageId(new byte[] {1, 2})))),
            List.of(new Rpc.IWant(List.of(new MessageId(new byte[] {3})))), List.of("t1"),
            List.of(new Rpc.Prune("t2", List.of(new Rpc.PrunePeer(new byte[] {5}, null)), 60)),
            List.of(new Rpc.IDontWant(List.of(new MessageId(new byte[] {7, 8}))))));
  }

  @Test
  void roundTripsEveryField() {
    Rpc rpc = sample();
    byte[] encoded = rpc.encode();
    Rpc back = Rpc.decode(encoded);
    assertEquals(rpc.subscriptions(), back.subscriptions());
    assertArrayEquals(rpc.publish().get(0).signature(), back.publish().get(0).signature());
    assertEquals("t1", back.control().graft().get(0));
    assertEquals(60, back.control().prune().get(0).backoffSeconds());
    assertEquals(new MessageId(new byte[] {1, 2}), back.control().ihave().get(0).messageIds().get(0));
    assertEquals(List.of(new MessageId(new byte[] {7, 8})), back.control().idontwant().get(0).messageIds());
    assertArrayEquals(encoded, back.encode());
  }

  @Test
  void lengthPrefixedEncodingIsTheVarintLengthThenTheRpcForForwardedMessagesAndAnyOther() {
    PubMessage m = new PubMessage(null, new byte[] {9, 9}, null, "t", null, null);
    Rpc forward = new Rpc(List.of(), List.of(m), null);
    // length 9, RPC.publish (2) { Message.data (2): 09 09, Message.topic (4): "t" }
    assertEquals("09" + "1207" + "12020909" + "220174", hex(forward.encodeLengthPrefixed(UnpooledByteBufAllocator.DEFAULT)));
    assertEquals("1207" + "12020909" + "220174", java.util.HexFormat.of().formatHex(forward.encode()));
    Rpc other = sample();
    byte[] body = other.encode();
    ByteBuf framed = other.encodeLengthPrefixed(UnpooledByteBufAllocator.DEFAULT);
    try {
      assertEquals(body.length, io.veritas.chain.p2p.wire.Varint.read(framed));
      assertArrayEquals(body, ByteBufUtil.getBytes(framed));
    } finally {
      framed.release();
    }
  }

  private static String hex(ByteBuf buf) {
    try {
      return ByteBufUtil.hexDump(buf);
    } finally {
      buf.release();
    }
  }

  @Test
  void aReceivedMessageReadsItsDataOutOfTheKeptEncoding() throws Exception {
    PubMessage sent = new PubMessage(new byte[] {1}, new byte[] {7, 8, 9}, new byte[] {2}, "t", null, null);
    PubMessage got = Rpc.decode(new Rpc(List.of(), List.of(sent), null).encode()).publish().getFirst();
    assertArrayEquals(new byte[] {7, 8, 9}, got.data());
    assertTrue(got.data() != got.data(), "each call hands out its own copy");
    assertArrayEquals(sent.encoded(), got.encoded());
    assertArrayEquals(sent.signedContent(), got.signedContent());
    // data declared longer than what follows
    byte[] truncated = java.util.HexFormat.of().parseHex("1205" + "0102");
    assertThrows(java.io.IOException.class, () -> PubMessage.decode(truncated));
  }

  @Test
  void randomAndMutatedRpcsOnlyDecodeOrThrowWireFormatException() {
    Random random = new Random(2024);
    byte[] valid = sample().encode();
    byte[] identify = new IdentifyMessage("ipfs/0.1.0", "veritas", new byte[] {8, 1}, List.of(new byte[] {4, 1, 2, 3, 4}),
        null, List.of("/ipfs/id/1.0.0")).encode();
    int decoded = 0;
    for (int i = 0; i < 100_000; i++) {
      byte[] input;
      switch (i % 3) {
        case 0 -> {
          input = new byte[random.nextInt(64)];
          random.nextBytes(input);
        }
        case 1 -> {
          input = valid.clone();
          for (int m = 0; m <= random.nextInt(4); m++) {
            input[random.nextInt(input.length)] = (byte) random.nextInt(256);
          }
        }
        default -> {
          input = identify.clone();
          input[random.nextInt(input.length)] = (byte) random.nextInt(256);
        }
      }
      try {
        Rpc rpc = Rpc.decode(input);
        rpc.encode();
        decoded++;
      } catch (WireFormatException expected) {
        // the only permitted failure
      }
      try {
        IdentifyMessage.decode(input);
      } catch (WireFormatException expected) {
        // the only permitted failure
      }
    }
    assertTrue(decoded > 10_000, "many mutations still decode: " + decoded);
  }
}
