package io.veritas.chain.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Consumer;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;
import org.junit.jupiter.api.Test;

/** Targeted strictness cases the public vectors do not cover, each with its exact message. */
class TransactionDecoderTest {
  private static final Bytes BOB = Bytes.fromHexString("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");

  /** 0x02 ‖ RLP of an EIP-1559 field list whose parts the test chooses. */
  private static Bytes dynamicFee(long chainId, Consumer<RLPWriter> accessList, long yParity, int extraFields) {
    return Bytes.concatenate(
        Bytes.of(2),
        RLP.encodeList(
            w -> {
              w.writeLong(chainId);
              w.writeLong(0);
              w.writeLong(1);
              w.writeLong(2);
              w.writeLong(21_000);
              w.writeValue(BOB);
              w.writeLong(0);
              w.writeValue(Bytes.EMPTY);
              w.writeList(accessList);
              w.writeLong(yParity);
              w.writeLong(1);
              w.writeLong(1);
              for (int i = 0; i < extraFields; i++) {
                w.writeLong(0);
              }
            }));
  }

  private static String rejection(Bytes raw) {
    return assertThrows(InvalidTransactionException.class, () -> TransactionDecoder.decode(raw)).getMessage();
  }

  @Test
  void rejectsYParityOtherThanZeroOrOne() {
    assertEquals(
        "invalid signature: y parity must be 0 or 1, got 2", rejection(dynamicFee(7357, w -> {}, 2, 0)));
  }

  @Test
  void rejectsChainIdZero() {
    assertEquals("invalid chain id 0: must be at least 1", rejection(dynamicFee(0, w -> {}, 0, 0)));
  }

  @Test
  void rejectsExtraFieldInTypedTransaction() {
    assertEquals(
        "malformed RLP: EIP-1559 transaction: list has more items than expected",
        rejection(dynamicFee(7357, w -> {}, 0, 1)));
  }

  @Test
  void rejectsAccessListEntryWithExtraItem() {
    Consumer<RLPWriter> entry =
        w ->
            w.writeList(
                e -> {
                  e.writeValue(BOB);
                  e.writeList(keys -> {});
                  e.writeLong(5);
                });
    assertEquals(
        "malformed RLP: accessList entry: list has more items than expected",
        rejection(dynamicFee(7357, entry, 0, 0)));
  }

  @Test
  void rejectsAccessListGivenAsString() {
    Bytes raw =
        Bytes.concatenate(
            Bytes.of(1),
            RLP.encodeList(
                w -> {
                  w.writeLong(1);
                  w.writeLong(0);
                  w.writeLong(1);
                  w.writeLong(21_000);
                  w.writeValue(BOB);
                  w.writeLong(0);
                  w.writeValue(Bytes.EMPTY);
                  w.writeValue(Bytes.EMPTY);
                }));
    assertEquals("malformed RLP: accessList: expected an RLP list, found a string", rejection(raw));
  }

  @Test
  void rejectsTypeByteWithoutPayload() {
    assertEquals("malformed RLP: EIP-1559 transaction: empty input", rejection(Bytes.of(2)));
  }

  @Test
  void rejectsTypedPayloadThatIsNotAList() {
    assertEquals(
        "malformed RLP: EIP-2930 transaction: expected an RLP list, found a string",
        rejection(Bytes.fromHexString("0x0180")));
  }

  @Test
  void rejectsLegacyVOfChainIdZero() {
    Bytes raw =
        RLP.encodeList(
            w -> {
              w.writeLong(0);
              w.writeLong(1);
              w.writeLong(21_000);
              w.writeValue(BOB);
              w.writeLong(0);
              w.writeValue(Bytes.EMPTY);
              w.writeLong(35);
              w.writeLong(1);
              w.writeLong(1);
            });
    assertEquals("invalid v 35: EIP-155 chain id 0 is outside [1, 9223372036854775807]", rejection(raw));
  }
}
