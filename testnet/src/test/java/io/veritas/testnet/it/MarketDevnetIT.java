package io.veritas.testnet.it;

import static io.veritas.testnet.it.DevnetClient.GWEI;
import static io.veritas.testnet.it.DevnetClient.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritas.inference.engine.GenerationResult;
import io.veritas.inference.engine.InferenceEngine;
import io.veritas.inference.engine.LoadedModel;
import io.veritas.inference.modelgen.ModelStore;
import io.veritas.market.job.JobInference;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The compute market end to end on a devnet with its four providers, driven like a wallet with web3j: a job
 * submitted with {@code submitJob} is assigned, run by the assigned provider's embedded runtime and committed with
 * exactly the tokens this test computes itself from the same model, prompt and seed; the client pays exactly the
 * fee and gets the rest of the escrow back; bad submissions revert with their reasons.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketDevnetIT {
  private static final String MARKET = "0x0000000000000000000000000000000000002000";
  private static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000_000L);
  private static final List<String> PROVIDERS = List.of(
      "0x71be63f3384f5fb98995898a86b02fb2426c5788", "0xfabb0ac9d68b0b445fb7357272ff202c5651694a",
      "0x1cbd3b2770909d4e10f157cabc84c7264073c9ec", "0xdf3e18d64bc6a983f673ab319ccae4f1a57c7097");

  private DevnetProcess devnet;
  private DevnetClient client;
  private List<Credentials> accounts;
  private String model;

  @BeforeAll
  void start() throws Exception {
    devnet = DevnetProcess.launch("market", Duration.ofMillis(500), List.of("--providers", "4"));
    devnet.awaitReady();
    client = new DevnetClient(devnet);
    accounts = DevAccounts.derive(10);
    JsonNode providers = Poll.until(Duration.ofSeconds(60), "four registered providers", () -> {
      JsonNode list = client.raw.call("veritas_listProviders").get("result");
      return list != null && list.size() == 4 ? Optional.of(list) : Optional.empty();
    });
    model = providers.get(0).get("models").get(0).asText();
  }

  @AfterAll
  void stop() {
    if (client != null) {
      client.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  private static String submitJobCall(String model, byte[] prompt, long maxTokens, long seed) {
    return FunctionEncoder.encode(new Function("submitJob", List.of(
        new Bytes32(Numeric.hexStringToByteArray(model)), new DynamicBytes(prompt), new Uint32(maxTokens), new Uint64(seed)),
        List.of()));
  }

  private String send(Credentials from, String data, BigInteger value) {
    long nonce = client.nonce(from.getAddress(), org.web3j.protocol.core.DefaultBlockParameterName.PENDING).longValueExact();
    RawTransaction tx = RawTransaction.createTransaction(DevAccounts.CHAIN_ID, BigInteger.valueOf(nonce), BigInteger.valueOf(1_000_000),
        MARKET, value, data, GWEI, GWEI.multiply(BigInteger.valueOf(50)));
    return client.submit(TransactionEncoder.signMessage(tx, from));
  }

  private JsonNode callError(Credentials from, String data, BigInteger value) {
    JsonNode reply = client.raw.call("eth_call", Map.of("from", from.getAddress(), "to", MARKET, "data", data,
        "value", Numeric.toHexStringWithPrefix(value), "gas", "0xf4240"), "latest");
    assertTrue(reply.has("error"), "eth_call should revert: " + reply);
    return reply.get("error");
  }

  @Test
  void aWalletsJobIsRunByTheAssignedProviderWithExactlyTheTokensTheModelGives() throws Exception {
    Credentials alice = accounts.get(5);
    byte[] prompt = "Once upon a time".getBytes(StandardCharsets.UTF_8);
    long maxTokens = 12;
    long seed = 42;
    BigInteger escrow = PRICE.multiply(BigInteger.valueOf(maxTokens));
    BigInteger before = client.balance(alice.getAddress(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST);

    String hash = send(alice, submitJobCall(model, prompt, maxTokens, seed), escrow);
    TransactionReceipt receipt = client.awaitReceipt(hash);
    assertEquals("0x1", receipt.getStatus());
    List<Log> logs = receipt.getLogs();
    assertEquals(2, logs.size(), "JobSubmitted and JobAssigned");
    String submittedTopic = Hash.sha3String("JobSubmitted(uint256,address,bytes32)");
    String assignedTopic = Hash.sha3String("JobAssigned(uint256,address)");
    assertEquals(submittedTopic, logs.get(0).getTopics().get(0));
    assertEquals(assignedTopic, logs.get(1).getTopics().get(0));
    BigInteger jobId = Numeric.toBigInt(logs.get(0).getTopics().get(1));
    String provider = "0x" + logs.get(1).getTopics().get(2).substring(26);
    assertTrue(PROVIDERS.contains(provider), provider + " is one of the devnet's providers");

    JsonNode job = Poll.until(Duration.ofSeconds(90), "job " + jobId + " committed", () -> {
      JsonNode j = client.raw.call("veritas_getJob", Numeric.toHexStringWithPrefix(jobId)).get("result");
      return j != null && !j.get("status").asText().equals("assigned") ? Optional.of(j) : Optional.empty();
    });
    int[] committed = StreamSupport.stream(job.get("outputTokens").spliterator(), false).mapToInt(JsonNode::asInt).toArray();

    int[] expected;
    String expectedText;
    try (LoadedModel m = LoadedModel.open(ModelStore.standard().resolve("default"));
        InferenceEngine engine = InferenceEngine.of(m, 1)) {
      assertEquals(model, "0x" + m.modelId());
      GenerationResult result = engine.generate(JobInference.request(m.tokenizer(), Bytes.wrap(prompt), maxTokens, seed));
      expected = result.outputTokens();
      expectedText = m.tokenizer().decode(expected);
    }
    assertArrayEquals(expected, committed, "the provider's output is the model's, bit for bit");
    assertEquals(provider, job.get("provider").asText());
    assertEquals(alice.getAddress(), job.get("client").asText());
    BigInteger fee = PRICE.multiply(BigInteger.valueOf(expected.length));
    assertEquals(Numeric.toHexStringWithPrefix(fee), job.get("fee").asText());

    TransactionReceipt mined = client.awaitReceipt(hash);
    BigInteger gasCost = mined.getGasUsed().multiply(Numeric.toBigInt(mined.getEffectiveGasPrice()));
    BigInteger after = client.balance(alice.getAddress(), org.web3j.protocol.core.DefaultBlockParameterName.LATEST);
    assertEquals(before.subtract(gasCost).subtract(fee), after, "the client paid gas and the fee; the rest of the escrow came back");

    JsonNode mine = client.raw.call("veritas_listJobs", Map.of("client", alice.getAddress())).get("result");
    assertEquals(1, mine.get("total").asInt());
    assertEquals(Numeric.toHexStringWithPrefix(jobId), mine.get("jobs").get(0).get("jobId").asText());

    // The output as text: served by the provider's own node, and fetched over /veritas/job/output/1 by another node.
    JsonNode output = client.raw.call("veritas_getJobOutput", Numeric.toHexStringWithPrefix(jobId)).get("result");
    assertEquals(expectedText, output.get("text").asText());
    assertEquals("local", output.get("servedBy").asText());
    String bootnode = client.raw.call("veritas_nodeInfo").get("result").get("listenAddrs").get(0).asText();
    try (DevnetProcess follower = DevnetProcess.follower("market-follower", bootnode, devnet.blockTime())) {
      RawRpc followerRpc = new RawRpc(follower.httpUrl());
      JsonNode fetched = Poll.until(Duration.ofSeconds(60), "the follower to fetch job " + jobId + "'s output", () -> {
        JsonNode reply = followerRpc.call("veritas_getJobOutput", Numeric.toHexStringWithPrefix(jobId));
        return reply.has("result") ? Optional.of(reply.get("result")) : Optional.empty();
      });
      assertEquals(expectedText, fetched.get("text").asText());
      assertEquals(bootnode, fetched.get("servedBy").asText());
      int[] fetchedTokens = StreamSupport.stream(fetched.get("tokens").spliterator(), false).mapToInt(JsonNode::asInt).toArray();
      assertArrayEquals(expected, fetchedTokens);
    }
  }

  @Test
  void badSubmissionsRevertWithTheirReason() {
    Credentials bob = accounts.get(6);
    byte[] prompt = "hi".getBytes(StandardCharsets.UTF_8);
    String unknown = "0x" + "ab".repeat(32);
    assertEquals("execution reverted: unknown model " + unknown + ": no registered provider serves it",
        callError(bob, submitJobCall(unknown, prompt, 4, 1), PRICE.multiply(BigInteger.valueOf(4))).get("message").asText());
    JsonNode empty = callError(bob, submitJobCall(model, new byte[0], 4, 1), PRICE.multiply(BigInteger.valueOf(4)));
    assertEquals("execution reverted: prompt must not be empty", empty.get("message").asText());
    JsonNode tooMany = callError(bob, submitJobCall(model, prompt, 257, 1), PRICE.multiply(BigInteger.valueOf(257)));
    assertEquals("execution reverted: maxTokens 257 exceeds the limit of 256 per job", tooMany.get("message").asText());
    JsonNode small = callError(bob, submitJobCall(model, prompt, 4, 1), PRICE.multiply(BigInteger.valueOf(4)).subtract(BigInteger.ONE));
    assertEquals("execution reverted: escrow too small: 4 tokens at 1000000000000 wei need 4000000000000 wei, sent 3999999999999",
        small.get("message").asText());
  }
}
