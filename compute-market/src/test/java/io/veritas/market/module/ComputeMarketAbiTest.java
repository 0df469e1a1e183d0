package io.veritas.market.module;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.chain.module.ModuleMethod;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ABI JSON shipped as a resource must be what the module's declarations render. Regenerate it after
 * changing a method or event with {@code mvn -pl compute-market test -Dtest=ComputeMarketAbiTest -Dveritas.writeAbi=true}.
 */
class ComputeMarketAbiTest {
  static final String RESOURCE = ComputeMarketModule.ABI_RESOURCE;

  @Test
  void shippedAbiJsonMatchesTheModuleDeclarations() throws IOException {
    String rendered = ModuleAbiJson.render(new ComputeMarketModule(ComputeMarketModuleTest.PARAMS)) + "\n";
    if (Boolean.getBoolean("veritas.writeAbi")) {
      Path file = Path.of("src/main/resources").resolve(RESOURCE.substring(1));
      Files.createDirectories(file.getParent());
      Files.writeString(file, rendered, StandardCharsets.UTF_8);
    }
    try (InputStream in = ComputeMarketModule.class.getResourceAsStream(RESOURCE)) {
      String shipped = in == null ? "<missing>" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(rendered, shipped, RESOURCE + " is out of date: regenerate it with -Dveritas.writeAbi=true (see this test's doc)");
    }
  }

  @Test
  void selectorsAreSolidities() {
    List<ModuleMethod> methods = new ComputeMarketModule(ComputeMarketModuleTest.PARAMS).methods();
    for (ModuleMethod method : methods) {
      // web3j's own keccak (through Bouncy Castle) must agree with the SPI's selector.
      assertEquals(org.web3j.crypto.Hash.sha3String(method.signature()).substring(0, 10), method.selector().toHexString(), method.signature());
    }
    assertEquals(List.of(
        "registerProvider(bytes32[],uint256,address,string) 0xbe64dc87", "deregisterProvider() 0x0ce8a33b",
        "withdrawBond() 0x66eb9cec", "submitJob(bytes32,bytes,uint32,uint64) 0x0b1f971f",
        "commitResult(uint256,uint32[],bytes32) 0x95bea3f3", "processDue(uint256[],uint64,uint64) 0x1cffc5a1",
        "getJob(uint256) 0xbf22c457", "getPrompt(uint256) 0xcf73cdd2", "jobChallenge(uint256) 0x9641b4b7",
        "dueTransition(uint256) 0x5ff6519a",
        "getProvider(address) 0x55f21eb7", "providerAt(uint256) 0xa27091f2", "providerCount() 0x74c83268", "jobCount() 0x4c5d8a0f"),
        methods.stream().map(m -> m.signature() + " " + m.selector().toHexString()).toList());
  }
}
