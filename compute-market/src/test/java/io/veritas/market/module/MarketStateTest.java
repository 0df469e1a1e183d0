package io.veritas.market.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.types.Address;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.Provider;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class MarketStateTest {
  private final WorldState world = WorldState.empty(new InMemoryKeyValueStore());
  private final MarketState state = new MarketState(new ModuleStorage(world, ComputeMarketModule.ADDRESS));
  private static final Address P = Address.fromLong(0xb1);
  private static final Bytes32 M1 = Bytes32.fromHexString("0x01");
  private static final Bytes32 M2 = Bytes32.fromHexString("0x02");
  private static final Bytes32 M3 = Bytes32.fromHexString("0x03");

  private static Provider provider(List<Bytes32> models, String endpoint) {
    return new Provider(P, UInt256.valueOf(1_000), UInt256.valueOf(5), Address.fromLong(0xba), endpoint, models, 3, 0, 1, 2, 4, 1);
  }

  @Test
  void aProviderReadsBackAsWrittenAndAShorterModelListLeavesNoStaleSlots() {
    state.putProvider(provider(List.of(M1, M2, M3), "/ip4/10.0.0.1/tcp/9000"));
    Provider shorter = provider(List.of(M2), "/ip4/10.0.0.1/tcp/1");
    state.putProvider(shorter);
    assertEquals(Optional.of(shorter), state.provider(P));
    assertEquals(1, state.providerCount(), "writing a known provider again does not list it twice");
    Bytes32 modelsStart = Keccak256.hash(ModuleStorage.offset(MarketState.providerSlot(P), MarketState.PROVIDER_MODELS));
    assertEquals(UInt256.ZERO, world.storage(ComputeMarketModule.ADDRESS, ModuleStorage.offset(modelsStart, 1)));
    assertEquals(UInt256.ZERO, world.storage(ComputeMarketModule.ADDRESS, ModuleStorage.offset(modelsStart, 2)));
    assertEquals(Optional.empty(), state.provider(Address.fromLong(0xb2)));
  }

  @Test
  void aJobWithItsPromptAndTokensReadsBackAsWritten() {
    BigInteger id = state.nextJobId();
    assertEquals(BigInteger.ONE, id);
    Job job = new Job(id, JobStatus.COMMITTED, Address.fromLong(0xc1), P, M1, 10, -2L, UInt256.valueOf(60), UInt256.valueOf(6),
        UInt256.valueOf(18), 3, Bytes32.fromHexString("0x5ea1"), 2, 2, 4, 0, 0, Address.ZERO);
    state.putJob(job);
    state.putPrompt(id, Bytes.wrap(new byte[70]));
    state.putOutputTokens(id, List.of(0L, 0xFFFF_FFFFL, 17L));
    assertEquals(Optional.of(job), state.job(id));
    assertEquals(Bytes.wrap(new byte[70]), state.prompt(id));
    assertEquals(List.of(0L, 0xFFFF_FFFFL, 17L), state.outputTokens(id));
    assertEquals(Optional.empty(), state.job(BigInteger.TWO));
    assertEquals(Optional.empty(), state.job(BigInteger.ZERO));
  }
}
