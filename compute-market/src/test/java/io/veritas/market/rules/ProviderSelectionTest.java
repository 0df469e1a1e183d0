package io.veritas.market.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class ProviderSelectionTest {
  static final MarketParameters PARAMS = new MarketParameters(UInt256.valueOf(1_000), 64, 100, 5, 3, 4, 2, UInt256.valueOf(100));
  static final Bytes32 MODEL = Bytes32.fromHexString("0x11a3a000000000000000000000000000000000000000000000000000000000b1");
  static final Bytes32 OTHER = Bytes32.fromHexString("0x22b4b000000000000000000000000000000000000000000000000000000000c2");
  static final Bytes32 BEACON = Bytes32.fromHexString("0x5eed000000000000000000000000000000000000000000000000000000000001");
  static final Address LOW = Address.fromHex("0x1000000000000000000000000000000000000001");
  static final Address HIGH = Address.fromHex("0x9000000000000000000000000000000000000009");
  private final ProviderSelection selection = new ProviderSelection(PARAMS);

  static Provider provider(Address address, long bond, long price, long activeJobs, long deregisteredAt, Bytes32... models) {
    return new Provider(address, UInt256.valueOf(bond), UInt256.valueOf(price), address, "/ip4/10.0.0.1/tcp/9000", List.of(models),
        1, deregisteredAt, activeJobs, activeJobs, 0, 0);
  }

  @Test
  void drawIsKeccakOfBeaconAndJobIdModuloTheTotalBondWalkedInAddressOrder() {
    BigInteger r = ProviderSelection.drawValue(BEACON, BigInteger.ONE, 0);
    assertEquals(BigInteger.valueOf(3_680), r.mod(BigInteger.valueOf(4_000)));
    Provider low = provider(LOW, 1_000, 5, 0, 0, MODEL);
    Provider high = provider(HIGH, 3_000, 5, 0, 0, MODEL);
    // The walk is in address order whatever order the providers come in.
    assertEquals(Optional.of(high), ProviderSelection.draw(List.of(low, high), BEACON, BigInteger.ONE, 0));
    assertEquals(Optional.of(high), ProviderSelection.draw(List.of(high, low), BEACON, BigInteger.ONE, 0));
  }

  @Test
  void overManyJobsTheSplitFollowsTheBonds() {
    Provider low = provider(LOW, 1_000, 5, 0, 0, MODEL);
    Provider high = provider(HIGH, 3_000, 5, 0, 0, MODEL);
    int toHigh = 0;
    for (int id = 1; id <= 10_000; id++) {
      if (ProviderSelection.draw(List.of(low, high), BEACON, BigInteger.valueOf(id), 0).orElseThrow().equals(high)) {
        toHigh++;
      }
    }
    assertEquals(7_467, toHigh, "fixed beacon: the exact count");
    // 3σ of a binomial(10,000, 3/4) is 130: the pinned count is well inside the expected band.
    assertTrue(Math.abs(toHigh - 7_500) <= 130, "split " + toHigh + " strays from 7,500");
  }

  @Test
  void drawsForTheFirstJobIdsArePinned() {
    Provider low = provider(LOW, 1_000, 5, 0, 0, MODEL);
    Provider high = provider(HIGH, 3_000, 5, 0, 0, MODEL);
    StringBuilder picks = new StringBuilder();
    for (int id = 1; id <= 12; id++) {
      picks.append(ProviderSelection.draw(List.of(low, high), BEACON, BigInteger.valueOf(id), 0).orElseThrow().equals(low) ? 'L' : 'H');
    }
    assertEquals("HHLHHLHHHHHH", picks.toString());
  }

  @Test
  void aReassignmentDrawsWithTheAttemptNumber() {
    BigInteger first = ProviderSelection.drawValue(BEACON, BigInteger.ONE, 0);
    BigInteger retry = ProviderSelection.drawValue(BEACON, BigInteger.ONE, 1);
    assertEquals(new BigInteger(1, io.veritas.chain.crypto.Keccak256.hash(org.apache.tuweni.bytes.Bytes.concatenate(
        BEACON, UInt256.ONE, UInt256.ONE)).toArrayUnsafe()), retry);
    assertTrue(!first.equals(retry));
  }

  @Test
  void servingSkipsOtherModelsDeregisteredProvidersAndBondsBelowTheMinimum() {
    Provider serving = provider(LOW, 1_000, 5, 0, 0, OTHER, MODEL);
    Provider otherModel = provider(HIGH, 3_000, 5, 0, 0, OTHER);
    Provider deregistered = provider(Address.fromLong(0x33), 3_000, 5, 0, 7, MODEL);
    Provider underBonded = provider(Address.fromLong(0x44), 999, 5, 0, 0, MODEL);
    assertEquals(List.of(serving), selection.serving(List.of(serving, otherModel, deregistered, underBonded), MODEL));
  }

  @Test
  void eligibleSkipsProvidersAtCapacityTooExpensiveOrExcluded() {
    Provider free = provider(LOW, 1_000, 5, 1, 0, MODEL);
    Provider full = provider(HIGH, 3_000, 5, 2, 0, MODEL);
    Provider pricey = provider(Address.fromLong(0x33), 3_000, 6, 0, 0, MODEL);
    List<Provider> all = List.of(free, full, pricey);
    assertEquals(List.of(free), selection.eligible(all, 10, UInt256.valueOf(59), Address.ZERO));
    assertEquals(List.of(free, pricey), selection.eligible(all, 10, UInt256.valueOf(60), Address.ZERO));
    assertEquals(List.of(pricey), selection.eligible(all, 10, UInt256.valueOf(60), LOW));
    assertEquals(Optional.of(UInt256.valueOf(5)), ProviderSelection.cheapestPrice(all));
  }

  @Test
  void drawsNothingFromNoProviders() {
    assertEquals(Optional.empty(), ProviderSelection.draw(List.of(), BEACON, BigInteger.ONE, 0));
  }
}
