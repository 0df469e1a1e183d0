package io.veritas.verifier.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.types.Address;
import io.veritas.market.rules.Provider;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

class ChallengeSelectionTest {
  static final Bytes32 BEACON = Bytes32.fromHexString("0x5eed000000000000000000000000000000000000000000000000000000000001");
  static final Address A = Address.fromLong(0xa1);
  static final Address B = Address.fromLong(0xb2);
  static final Address C = Address.fromLong(0xc3);
  static final Address D = Address.fromLong(0xd4);
  static final Address P = Address.fromLong(0xee);

  static Provider provider(Address address, long bond) {
    return new Provider(address, UInt256.valueOf(bond), UInt256.ONE, address, "/ip4/10.0.0.1/tcp/1", List.of(Bytes32.ZERO), 1, 0, 0, 0, 0, 0);
  }

  static final List<Provider> POOL = List.of(provider(D, 4_000), provider(B, 2_000), provider(P, 10_000), provider(A, 1_000),
      provider(C, 3_000));

  @Test
  void challengeRollIsKeccakOfBeaconJobIdAndLabelModTenThousand() {
    byte[] input = Bytes.concatenate(BEACON, UInt256.valueOf(7), Bytes.wrap("challenge".getBytes(StandardCharsets.US_ASCII))).toArrayUnsafe();
    int expected = new BigInteger(1, Hash.sha3(input)).mod(BigInteger.valueOf(10_000)).intValueExact();
    assertEquals(expected, ChallengeSelection.challengeRoll(BEACON, BigInteger.valueOf(7)));
    assertEquals(2_551, expected);
    assertTrue(ChallengeSelection.isChallenged(BEACON, BigInteger.valueOf(7), 2_552));
    assertFalse(ChallengeSelection.isChallenged(BEACON, BigInteger.valueOf(7), 2_551));
    assertFalse(ChallengeSelection.isChallenged(BEACON, BigInteger.valueOf(7), 0), "p = 0 never challenges");
    assertTrue(ChallengeSelection.isChallenged(BEACON, BigInteger.valueOf(7), 10_000), "p = 100% always does");
  }

  @Test
  void challengeProbabilityOverTenThousandJobIdsIsPinned() {
    int challenged5 = 0;
    int challenged20 = 0;
    for (int id = 1; id <= 10_000; id++) {
      int roll = ChallengeSelection.challengeRoll(BEACON, BigInteger.valueOf(id));
      challenged5 += roll < 500 ? 1 : 0;
      challenged20 += roll < 2_000 ? 1 : 0;
    }
    // Expected 500 ± 22 and 2,000 ± 40 (one standard deviation); the exact counts pin the rule.
    assertEquals(478, challenged5);
    assertEquals(1_954, challenged20);
  }

  @Test
  void verifiersAreDrawnWithoutReplacementByBondNeverTheProviderPinnedForABeacon() {
    List<Address> drawn = ChallengeSelection.drawVerifiers(POOL, P, List.of(), 3, BEACON, BigInteger.ONE, 1);
    assertEquals(List.of(C, D, A), drawn);
    BigInteger r0 = new BigInteger(1, Hash.sha3(Bytes.concatenate(BEACON, UInt256.ONE, Bytes.wrap("verifier".getBytes(StandardCharsets.US_ASCII)),
        UInt256.ONE, UInt256.ZERO).toArrayUnsafe()));
    assertEquals(r0, ChallengeSelection.drawValue(BEACON, BigInteger.ONE, 1, 0));
    assertEquals(List.of(D, B, A), ChallengeSelection.drawVerifiers(POOL, P, List.of(), 3, BEACON, BigInteger.TWO, 1));
    assertEquals(List.of(C, D, A, B), ChallengeSelection.drawVerifiers(POOL, P, List.of(), 9, BEACON, BigInteger.ONE, 1),
        "fewer available than asked: all of them, the provider never");
    assertEquals(List.of(), ChallengeSelection.drawVerifiers(List.of(provider(P, 10_000)), P, List.of(), 2, BEACON, BigInteger.ONE, 1));
  }

  @Test
  void escalationPrefersVerifiersNotInTheFirstRoundAndReusesThemOnlyWhenShort() {
    List<Address> drawn = ChallengeSelection.drawVerifiers(POOL, P, List.of(D, C), 3, BEACON, BigInteger.ONE, 2);
    assertEquals(List.of(A, B), drawn.subList(0, 2).stream().sorted().toList(), "the two fresh ones first");
    assertTrue(List.of(D, C).contains(drawn.get(2)), "then one of the first round");
    assertEquals(3, drawn.stream().distinct().count());
  }

  @Test
  void drawFollowsTheBondsOverTenThousandJobs() {
    List<Provider> two = List.of(provider(A, 1_000), provider(B, 3_000));
    int toB = 0;
    for (int id = 1; id <= 10_000; id++) {
      List<Address> drawn = ChallengeSelection.drawVerifiers(two, P, List.of(), 1, BEACON, BigInteger.valueOf(id), 1);
      toB += drawn.get(0).equals(B) ? 1 : 0;
    }
    assertEquals(7_517, toB, "about 3/4 to the 3,000-wei bond");
  }

  @Test
  void emptyPoolOrZeroCountDrawsNobody() {
    assertEquals(List.of(), ChallengeSelection.drawVerifiers(new ArrayList<>(), P, List.of(), 3, BEACON, BigInteger.ONE, 1));
    assertEquals(List.of(), ChallengeSelection.drawVerifiers(POOL, P, List.of(), 0, BEACON, BigInteger.ONE, 1));
  }
}
