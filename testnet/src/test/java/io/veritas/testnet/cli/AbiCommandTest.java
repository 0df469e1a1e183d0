package io.veritas.testnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.genesis.GenesisParser;
import io.veritas.market.module.ComputeMarketModule;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AbiCommandTest {
  private static String run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int code = new CommandLine(new AbiCommand()).execute(args);
      assertEquals(0, code);
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsEveryModuleOfTheDevnetWithItsAddressAndAbi() throws Exception {
    JsonNode all = new ObjectMapper().readTree(run());
    JsonNode market = null;
    for (JsonNode m : all) {
      if (m.get("name").asText().equals("compute-market")) {
        market = m;
      }
    }
    assertEquals("0x0000000000000000000000000000000000002000", market.get("address").asText());
    var g = GenesisParser.bundled("devnet");
    var module = new ComputeMarketModule(g.market().orElseThrow(), g.rewards().orElseThrow());
    assertEquals(ModuleAbiJson.abi(module), market.get("abi"));
  }

  @Test
  void printsOneModulesAbiArrayByName() throws Exception {
    var g = GenesisParser.bundled("devnet");
    var module = new ComputeMarketModule(g.market().orElseThrow(), g.rewards().orElseThrow());
    assertEquals(ModuleAbiJson.abi(module), new ObjectMapper().readTree(run("compute-market")));
  }

  @Test
  void anUnknownModuleNameIsAUsageErrorNamingTheModules() {
    var err = new ByteArrayOutputStream();
    CommandLine cli = new CommandLine(new AbiCommand());
    cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
    assertEquals(2, cli.execute("nope"));
    assertEquals("no module named 'nope' in genesis devnet (modules: staking, compute-market, verifier, rewards)",
        err.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
  }
}
