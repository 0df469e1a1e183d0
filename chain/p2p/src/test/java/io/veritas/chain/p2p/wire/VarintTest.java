package io.veritas.chain.p2p.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VarintTest {
  @Test
  void encodesTheSpecExamples() {
    assertArrayEquals(new byte[] {0x01}, Varint.encode(1));
    assertArrayEquals(new byte[] {0x7f}, Varint.encode(127));
    assertArrayEquals(new byte[] {(byte) 0x80, 0x01}, Varint.encode(128));
    assertArrayEquals(new byte[] {(byte) 0xff, 0x01}, Varint.encode(255));
    assertArrayEquals(new byte[] {(byte) 0xac, 0x02}, Varint.encode(300));
    assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0x80, 0x01}, Varint.encode(16384));
  }

  @Test
  void rejectsNonMinimalAndOverlongVarints() {
    assertThrows(WireFormatException.class, () -> Varint.decode(new byte[] {(byte) 0x81, 0x00}, 0));
    assertThrows(WireFormatException.class, () -> Varint.decode(HexFormat.of().parseHex("ffffffffffffffffff01"), 0));
    assertThrows(WireFormatException.class, () -> Varint.decode(new byte[] {(byte) 0x80}, 0));
  }

  @Test
  void lengthPrefixedDecoderWaitsForWholeMessagesAndRefusesOversizedOnes() {
    LengthPrefixedDecoder decoder = new LengthPrefixedDecoder(10);
    ByteBuf in = Unpooled.buffer().writeBytes(new byte[] {3, 'a', 'b'});
    assertNull(decoder.next(in));
    assertEquals(0, in.readerIndex());
    in.writeByte('c');
    ByteBuf msg = decoder.next(in);
    assertEquals("abc", msg.toString(java.nio.charset.StandardCharsets.US_ASCII));
    msg.release();
    in.writeByte(11);
    assertThrows(WireFormatException.class, () -> decoder.next(in));
    in.release();
  }

  @Test
  void fuzzedInputOnlyYieldsValuesOrWireFormatExceptions() {
    Random random = new Random(4);
    LengthPrefixedDecoder decoder = new LengthPrefixedDecoder(1 << 10);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(12)];
      random.nextBytes(bytes);
      ByteBuf in = Unpooled.wrappedBuffer(bytes);
      try {
        long v = Varint.read(in);
        assertTrue(v >= -1);
        if (v >= 0) {
          assertArrayEquals(java.util.Arrays.copyOf(bytes, Varint.encodedLength(v)), Varint.encode(v));
        }
        in.readerIndex(0);
        ByteBuf m;
        while ((m = decoder.next(in)) != null) {
          m.release();
        }
      } catch (WireFormatException expected) {
        // the only permitted failure
      } finally {
        in.release();
      }
    }
  }
}
