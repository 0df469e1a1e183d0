package io.veritas.market.rewards;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.chain.module.ModuleMethod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/**
 * The rewards ABI JSON shipped as a resource must be what the module's declarations render. Regenerate it after changing a
 * method or event with {@code mvn -pl compute-market test -Dtest=RewardsAbiTest -Dveritas.writeAbi=true}.
 */
class RewardsAbiTest {
  static final RewardsModule MODULE = new RewardsModule(new RewardsParameters(100, UInt256.valueOf(1_000), 1_000, new ModelCostFactors(Map.of())));

  @Test
  void shippedAbiJsonMatchesTheModuleDeclarations() throws IOException {
    String rendered = ModuleAbiJson.render(MODULE) + "\n";
    if (Boolean.getBoolean("veritas.writeAbi")) {
      Path file = Path.of("src/main/resources").resolve(RewardsModule.ABI_RESOURCE.substring(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, rendered, StandardCharsets.UTF_8);
    }
    try (InputStream in = RewardsModule.class.getResourceAsStream(RewardsModule.ABI_RESOURCE)) {
      String shipped = in == null ? "<missing>" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(rendered, shipped, RewardsModule.ABI_RESOURCE + " is out of date: regenerate it with -Dveritas.writeAbi=true (see this test's doc)");
    }
  }

  @Test
  void selectorsAreSolidities() {
    List<ModuleMethod> methods = MODULE.methods();
    for (ModuleMethod method : methods) {
      assertEquals(org.web3j.crypto.Hash.sha3String(method.signature()).substring(0, 10), method.selector().toHexString(), method.signature());
    }
    assertEquals(List.of("payEpoch(uint64)", "claim()", "claimTo(address)", "claimable(address)", "claimed(address)",
        "epochRewards(address,uint64)", "currentEpoch()", "epochWork(uint64)", "workOf(address,uint64)"),
        methods.stream().map(ModuleMethod::signature).toList());
    assertEquals("RewardPaid(address,uint256,uint64)", RewardsModule.REWARD_PAID.signature());
    assertEquals("RewardClaimed(address,uint256)", RewardsModule.REWARD_CLAIMED.signature());
  }
}
