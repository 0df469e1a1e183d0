package io.veritas.chain.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.types.Address;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class LogsBloomTest {
  private static final Address STAKING = Address.fromHex("0x0000000000000000000000000000000000001000");
  /** keccak256("Transfer(address,address,uint256)"), the ERC-20 Transfer event topic. */
  private static final Bytes32 TRANSFER =
      Bytes32.fromHexString("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");

  /**
   * Bit positions worked out by hand. keccak256(STAKING) = 0x1d7dcb6a0ce5..., so its pairs 1d7d, cb6a, 0ce5
   * masked to 11 bits give bits 1405, 874, 1253; the topic is hashed again, keccak256(TRANSFER) =
   * 0xada389e1fc24..., giving bits 1443, 481, 1060. Bit b lives in byte 255 - b/8 as 1 << (b % 8): 1405 -> byte
   * 80 0x20, 874 -> byte 146 0x04, 1253 -> byte 99 0x20, 1443 -> byte 75 0x08, 481 -> byte 195 0x02, 1060 ->
   * byte 123 0x10.
   */
  @Test
  void setsTheThreeKeccakBitsOfAddressAndTopic() {
    byte[] expected = new byte[256];
    expected[80] = 0x20;
    expected[146] = 0x04;
    expected[99] = 0x20;
    expected[75] = 0x08;
    expected[195] = 0x02;
    expected[123] = 0x10;
    LogsBloom bloom = LogsBloom.of(List.of(new Log(STAKING, List.of(TRANSFER), Bytes.of(1, 2, 3))));
    assertEquals(Bytes.wrap(expected), bloom.bytes());
  }

  @Test
  void answersMembershipWithoutFalseNegatives() {
    LogsBloom bloom = LogsBloom.of(List.of(new Log(STAKING, List.of(TRANSFER), Bytes.EMPTY)));
    assertTrue(bloom.mightContain(STAKING));
    assertTrue(bloom.mightContain(TRANSFER));
    assertFalse(bloom.mightContain(Address.fromHex("0x0000000000000000000000000000000000002000")));
    assertFalse(LogsBloom.EMPTY.mightContain(STAKING));
  }

  @Test
  void orCombinesBlooms() {
    LogsBloom address = LogsBloom.of(List.of(new Log(STAKING, List.of(), Bytes.EMPTY)));
    Address other = Address.fromHex("0x0000000000000000000000000000000000004000");
    LogsBloom topic = LogsBloom.of(List.of(new Log(other, List.of(TRANSFER), Bytes.EMPTY)));
    LogsBloom both = address.or(topic);
    assertEquals(
        LogsBloom.of(List.of(new Log(STAKING, List.of(), Bytes.EMPTY), new Log(other, List.of(TRANSFER), Bytes.EMPTY))),
        both);
    assertTrue(both.mightContain(STAKING) && both.mightContain(other) && both.mightContain(TRANSFER));
  }

  @Test
  void emptyLogsGiveTheEmptyBloom() {
    assertEquals(LogsBloom.EMPTY, LogsBloom.of(List.of()));
    assertEquals(Bytes.wrap(new byte[256]), LogsBloom.EMPTY.bytes());
  }

  @Test
  void rejectsWrongSize() {
    assertThrows(IllegalArgumentException.class, () -> new LogsBloom(Bytes.wrap(new byte[255])));
  }
}
