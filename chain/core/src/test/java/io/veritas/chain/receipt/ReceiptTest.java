package io.veritas.chain.receipt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.types.Address;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class ReceiptTest {
  private static final String ZERO_BLOOM = "00".repeat(256);

  @Test
  void encodesLegacySuccessfulTransferExactly() {
    Receipt receipt = Receipt.of(0, true, 21_000, List.of());
    // [0x01, 21000, 256 zero bytes, []]: payload 1 + 3 + 259 + 1 = 264 bytes -> list header f9 0108.
    assertEquals(Bytes.fromHexString("0xf90108" + "01" + "825208" + "b90100" + ZERO_BLOOM + "c0"), receipt.encoded());
  }

  @Test
  void prefixesTypedReceiptsAndEncodesFailureAsEmptyString() {
    Receipt receipt = Receipt.of(2, false, 0, List.of());
    assertEquals(Bytes.fromHexString("0x02" + "f90106" + "80" + "80" + "b90100" + ZERO_BLOOM + "c0"), receipt.encoded());
  }

  @Test
  void roundTripsReceiptWithLogs() {
    Log log =
        new Log(
            Address.fromHex("0x0000000000000000000000000000000000002000"),
            List.of(Bytes32.fromHexString("0x01"), Bytes32.fromHexString("0x02")),
            Bytes.fromHexString("0xdeadbeef"));
    for (int type : new int[] {0, 1, 2}) {
      Receipt receipt = Receipt.of(type, true, 123_456, List.of(log, log));
      assertEquals(receipt, Receipt.decode(receipt.encoded()));
    }
  }

  @Test
  void rejectsBloomThatDoesNotMatchTheLogs() {
    Log log = new Log(Address.ZERO, List.of(), Bytes.EMPTY);
    assertThrows(IllegalArgumentException.class, () -> new Receipt(0, true, 1, LogsBloom.EMPTY, List.of(log)));
  }

  @Test
  void rejectsNonCanonicalStatus() {
    InvalidRlpException e =
        assertThrows(
            InvalidRlpException.class,
            () -> Receipt.decode(Bytes.fromHexString("0xf90108" + "02" + "825208" + "b90100" + ZERO_BLOOM + "c0")));
    assertEquals("receipt status: expected 0 or 1, got 2", e.getMessage());
  }

  @Test
  void rejectsTooManyTopics() {
    List<Bytes32> five = List.of(Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO, Bytes32.ZERO);
    assertThrows(IllegalArgumentException.class, () -> new Log(Address.ZERO, five, Bytes.EMPTY));
  }
}
