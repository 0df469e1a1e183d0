package io.veritas.testnet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MessageStampTest {
  @Test
  void encodesSequenceAndSendTimeBigEndianThenZeroPadding() {
    byte[] message = new MessageStamp(0x0102, -2).encode(20);
    assertEquals("0000000000000102" + "fffffffffffffffe" + "00000000", HexFormat.of().formatHex(message));
  }

  @Test
  void decodesWhatItEncodes() {
    MessageStamp stamp = new MessageStamp(123_456_789L, 987_654_321_012L);
    assertEquals(stamp, MessageStamp.decode(stamp.encode(1024)));
    assertEquals(1024, stamp.encode(1024).length);
  }

  @Test
  void decodesAStampFollowedByArbitraryBytes() {
    byte[] message = new MessageStamp(7, 9).encode(32);
    message[31] = 0x55;
    assertEquals(new MessageStamp(7, 9), MessageStamp.decode(message));
  }

  @Test
  void rejectsAMessageShorterThanAStamp() {
    var e = assertThrows(IllegalArgumentException.class, () -> MessageStamp.decode(new byte[15]));
    assertEquals("a stamped message has at least 16 bytes, got 15", e.getMessage());
  }

  @Test
  void rejectsASizeThatCannotHoldTheStamp() {
    var e = assertThrows(IllegalArgumentException.class, () -> new MessageStamp(1, 1).encode(8));
    assertEquals("a stamped message needs at least 16 bytes, asked for 8", e.getMessage());
  }

  @Test
  void rejectsANegativeSequence() {
    assertThrows(IllegalArgumentException.class, () -> MessageStamp.decode(
        new byte[] {(byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    assertArrayEquals(new byte[16], new MessageStamp(0, 0).encode(16));
  }
}
