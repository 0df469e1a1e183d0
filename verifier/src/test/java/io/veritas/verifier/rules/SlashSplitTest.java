package io.veritas.verifier.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class SlashSplitTest {
  @Test
  void slashIsTheFractionOfTheBondRoundedDown() {
    assertEquals(UInt256.valueOf(200_007), SlashSplit.slashAmount(UInt256.valueOf(2_000_070), 1_000));
    assertEquals(UInt256.valueOf(200_000), SlashSplit.slashAmount(UInt256.valueOf(2_000_009), 1_000));
    assertEquals(UInt256.valueOf(2_000_070), SlashSplit.slashAmount(UInt256.valueOf(2_000_070), 10_000));
    UInt256 max = UInt256.MAX_VALUE;
    assertEquals(max, SlashSplit.slashAmount(max, 10_000), "no overflow in the product");
  }

  @Test
  void shareIsSplitEquallyAndEveryRemainderIsBurned() {
    // 200,007 slashed; half is 100,003 (rounded down); 5 honest get 20,000 each; 100,007 is burned.
    assertEquals(new SlashSplit(UInt256.valueOf(200_007), UInt256.valueOf(20_000), UInt256.valueOf(100_007)),
        SlashSplit.of(List.of(UInt256.valueOf(200_007)), 5, 5_000));
    assertEquals(new SlashSplit(UInt256.valueOf(300), UInt256.valueOf(50), UInt256.valueOf(150)),
        SlashSplit.of(List.of(UInt256.valueOf(100), UInt256.valueOf(200)), 3, 5_000));
    assertEquals(new SlashSplit(UInt256.valueOf(300), UInt256.ZERO, UInt256.valueOf(300)),
        SlashSplit.of(List.of(UInt256.valueOf(300)), 0, 5_000), "no honest side: all burned");
    assertEquals(new SlashSplit(UInt256.ZERO, UInt256.ZERO, UInt256.ZERO), SlashSplit.of(List.of(), 4, 5_000));
    assertEquals(new SlashSplit(UInt256.valueOf(10), UInt256.valueOf(3), UInt256.valueOf(1)),
        SlashSplit.of(List.of(UInt256.valueOf(10)), 3, 10_000));
  }
}
