package io.veritas.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.verifier.module.VerifierModule;
import java.io.InputStream;
import org.apache.tuweni.bytes.Bytes32;
import org.junit.jupiter.api.Test;

class ModuleParameterDigestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static ObjectNode devnetJson() throws Exception {
    try (InputStream in = GenesisParser.class.getResourceAsStream("/io/veritas/genesis/devnet.json")) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  private static WorldState state(ObjectNode json) throws Exception {
    Genesis genesis = GenesisParser.parse(JSON.writeValueAsString(json), "test");
    WorldState state = WorldState.empty(new InMemoryKeyValueStore());
    genesis.definition().allocation().accept(state);
    return state;
  }

  @Test
  void blockZeroCommitsToTheComputeModulesRules() throws Exception {
    WorldState devnet = state(devnetJson());
    Genesis parsed = GenesisParser.bundled("devnet");
    assertEquals(ModuleParameterDigests.market(parsed.market().orElseThrow()),
        new ModuleStorage(devnet, ComputeMarketModule.ADDRESS).getBytes32(ModuleParameterDigests.SLOT));
    assertEquals(ModuleParameterDigests.verifier(parsed.verifier().orElseThrow()),
        new ModuleStorage(devnet, VerifierModule.ADDRESS).getBytes32(ModuleParameterDigests.SLOT));

    ObjectNode otherP = devnetJson();
    ((ObjectNode) otherP.get("verifier")).put("challengeProbabilityBps", 600);
    assertNotEquals(devnet.rootHash(), state(otherP).rootHash(), "another challenge probability is another chain");
  }

  @Test
  void costFactorOrderInTheFileDoesNotMatter() throws Exception {
    ObjectNode a = devnetJson();
    ObjectNode b = devnetJson();
    String m1 = "0x" + "11".repeat(32);
    String m2 = "0x" + "22".repeat(32);
    ((ObjectNode) a.get("rewards")).putObject("modelCostFactors").put(m1, 2).put(m2, 3);
    ((ObjectNode) b.get("rewards")).putObject("modelCostFactors").put(m2, 3).put(m1, 2);
    Bytes32 rootA = state(a).rootHash();
    assertEquals(rootA, state(b).rootHash());
    assertNotEquals(state(devnetJson()).rootHash(), rootA);
  }
}
