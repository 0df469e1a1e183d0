package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.genesis.Genesis;
import io.veritas.genesis.GenesisParser;
import io.veritas.inference.engine.InferenceEngine;
import io.veritas.inference.engine.LoadedModel;
import io.veritas.inference.modelgen.ModelStore;
import io.veritas.market.job.JobInference;
import io.veritas.market.module.ComputeMarketModule;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * ethers v6 as a dapp uses the compute market: a {@code Contract} from the module's ABI JSON, {@code submitJob} with
 * the escrow, events decoded from the receipt and found by filter, the job read through the {@code getJob} view and
 * its text through {@code veritas_getJobOutput}; a too-small escrow is refused by {@code estimateGas} with the
 * module's reason. The output is checked token for token against this runtime.
 */
class MarketEthersIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void ethersSubmitsAJobAndReadsItsLifeFromEventsAndViews() throws Exception {
    Path js = NodeScripts.prepared();
    Genesis genesis = GenesisParser.bundled("devnet");
    Path abi = Files.createTempFile("veritas-market-abi-", ".json");
    Files.writeString(abi, ModuleAbiJson.render(new ComputeMarketModule(genesis.market().orElseThrow(), genesis.rewards().orElseThrow())),
        StandardCharsets.UTF_8);
    try (DevnetProcess devnet = DevnetProcess.launch("market-ethers", Duration.ofMillis(500), List.of("--providers", "4"))) {
      devnet.awaitReady();
      NodeScripts.Result script = NodeScripts.run(js, Duration.ofMinutes(3), "node", "market-ethers.mjs", devnet.httpUrl(), abi.toString());
      assertEquals(0, script.exit(), "the ethers script failed:\n" + script.output() + "\n" + devnet.logTail());
      String[] lines = script.stdout().strip().split("\n");
      JsonNode out = JSON.readTree(lines[lines.length - 1]);

      assertEquals("escrow too small: 4 tokens at 1000000000000 wei need 4000000000000 wei, sent 3999999999999",
          out.get("tooSmall").asText());
      assertEquals(1, out.get("status").asInt());
      assertEquals("1", out.get("jobId").asText());
      assertEquals("0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", out.get("client").asText(), "dev account 8");
      assertEquals(2, out.get("jobStatus").asInt(), "committed");
      assertEquals(out.get("provider").asText(), out.get("jobProvider").asText());

      int[] expected;
      String text;
      try (LoadedModel m = LoadedModel.open(ModelStore.standard().resolve("default"));
          InferenceEngine engine = InferenceEngine.of(m, 1)) {
        assertEquals("0x" + m.modelId(), out.get("model").asText());
        expected = engine.generate(JobInference.request(m.tokenizer(),
            Bytes.wrap("The lighthouse keeper".getBytes(StandardCharsets.UTF_8)), 6, 7)).outputTokens();
        text = m.tokenizer().decode(expected);
      }
      List<Integer> tokens = new ArrayList<>();
      out.get("outputTokens").forEach(t -> tokens.add(t.asInt()));
      assertEquals(java.util.Arrays.stream(expected).boxed().toList(), tokens);
      assertEquals(BigInteger.valueOf(1_000_000_000_000L * expected.length).toString(), out.get("fee").asText());
      assertEquals(1, out.get("committedEvents").size());
      JsonNode event = out.get("committedEvents").get(0);
      assertEquals("1", event.get("jobId").asText());
      assertEquals(out.get("provider").asText(), event.get("provider").asText());
      assertEquals(expected.length, event.get("outputTokens").asInt());
      assertEquals(text, out.get("text").asText());
      assertTrue(expected.length > 0);
    } finally {
      Files.deleteIfExists(abi);
    }
  }
}
