package io.veritas.testnet.it;

import static io.veritas.testnet.it.DevnetClient.GWEI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Probabilistic verification end to end on two devnets whose genesis challenges every job (p = 100%, a testing
 * genesis; the bundled devnet uses 5%) and pays rewards every 20 blocks, driven like wallets through JSON-RPC: a
 * provider that commits a made-up trace for half its jobs is caught, slashed exactly half its bond (the honest
 * verifiers get half of that, the rest is burned) and gets no job once its bond is below the minimum; the client of
 * the rejected job gets its fee back; rewards appear at epoch boundaries and {@code claim()} moves exactly the
 * claimable amount; a lazy verifier that commits without replaying loses its dispute and half its bond; a provider that
 * never commits pays the timeout penalty and its job moves on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MarketVerificationIT {
  private static final String MARKET = "0x0000000000000000000000000000000000002000";
  private static final String REWARDS = "0x0000000000000000000000000000000000004000";
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final BigInteger BOND = ETHER.multiply(BigInteger.valueOf(100));
  private static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000_000L);
  private static final long MAX_TOKENS = 8;
  /** Provider keys: dev accounts 11..14; provider i pays out to dev account i + 1. */
  private static final List<String> PROVIDERS = List.of(
      "0x71be63f3384f5fb98995898a86b02fb2426c5788", "0xfabb0ac9d68b0b445fb7357272ff202c5651694a",
      "0x1cbd3b2770909d4e10f157cabc84c7264073c9ec", "0xdf3e18d64bc6a983f673ab319ccae4f1a57c7097");
  private static final int JOB_BOUND = 48;

  private DevnetProcess cheating;
  private DevnetProcess lazy;
  private DevnetClient cheatingClient;
  private DevnetClient lazyClient;
  private List<Credentials> accounts;
  private String model;

  @BeforeAll
  void start() throws Exception {
    Path genesis = testingGenesis();
    cheating = DevnetProcess.launch("verify-cheat", Duration.ofMillis(500),
        List.of("--providers", "4", "--genesis", genesis.toString(), "--fault-wrong-trace", "0.5", "--fault-provider", "0"));
    lazy = DevnetProcess.launch("verify-lazy", Duration.ofMillis(500),
        List.of("--providers", "4", "--genesis", genesis.toString(), "--fault-never-commit", "--fault-provider", "0",
            "--fault-lazy-verifier", "--fault-verifier", "1"));
    cheating.awaitReady();
    lazy.awaitReady();
    cheatingClient = new DevnetClient(cheating);
    lazyClient = new DevnetClient(lazy);
    accounts = DevAccounts.derive(10);
    model = awaitProviders(cheatingClient);
    assertEquals(model, awaitProviders(lazyClient));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {cheatingClient, lazyClient, cheating, lazy}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
  }

  /** The bundled devnet genesis with every job challenged and 20-block reward epochs. */
  private static Path testingGenesis() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode genesis;
    try (InputStream in = MarketVerificationIT.class.getResourceAsStream("/io/veritas/genesis/devnet.json")) {
      genesis = (ObjectNode) json.readTree(in);
    }
    ((ObjectNode) genesis.get("verifier")).put("challengeProbabilityBps", 10_000).put("newProviderProbabilityBps", 10_000);
    ((ObjectNode) genesis.get("rewards")).put("epochLengthBlocks", 20);
    Path file = Files.createTempFile("veritas-verify-genesis-", ".json");
    Files.writeString(file, json.writeValueAsString(genesis), StandardCharsets.UTF_8);
    return file;
  }

  private static String awaitProviders(DevnetClient client) {
    JsonNode providers = Poll.until(Duration.ofSeconds(90), "four registered providers", () -> {
      JsonNode list = client.raw.call("veritas_listProviders").get("result");
      return list != null && list.size() == 4 ? Optional.of(list) : Optional.empty();
    });
    return providers.get(0).get("models").get(0).asText();
  }

  /** Submits {@code count} jobs from {@code from}; returns their transaction hashes. */
  private List<String> submitJobs(DevnetClient client, Credentials from, int count, int firstSeed) {
    long nonce = client.nonce(from.getAddress(), DefaultBlockParameterName.PENDING).longValueExact();
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String data = FunctionEncoder.encode(new Function("submitJob", List.of(
          new Bytes32(Numeric.hexStringToByteArray(model)),
          new DynamicBytes(("Job number " + (firstSeed + i)).getBytes(StandardCharsets.UTF_8)),
          new Uint32(MAX_TOKENS), new Uint64(firstSeed + i)), List.of()));
      RawTransaction tx = RawTransaction.createTransaction(DevAccounts.CHAIN_ID, BigInteger.valueOf(nonce + i),
          BigInteger.valueOf(1_000_000), MARKET, PRICE.multiply(BigInteger.valueOf(MAX_TOKENS)), data, GWEI, GWEI.multiply(BigInteger.valueOf(50)));
      hashes.add(client.submit(TransactionEncoder.signMessage(tx, from)));
    }
    return hashes;
  }

  private static JsonNode result(DevnetClient client, String method, Object... params) {
    JsonNode reply = client.raw.call(method, params);
    assertTrue(reply.has("result"), method + " failed: " + reply);
    return reply.get("result");
  }

  private static BigInteger quantity(JsonNode node) {
    return Numeric.toBigInt(node.asText());
  }

  private static JsonNode challenges(DevnetClient client, Map<String, Object> filter) {
    return result(client, "veritas_listChallenges", filter).get("challenges");
  }

  @Test
  void aCheatingProviderIsCaughtSlashedAndNoLongerAssignedWhileRewardsAreClaimable() throws Exception {
    String cheater = PROVIDERS.get(0);
    Credentials client = accounts.get(5);
    int submitted = 0;
    JsonNode caught = null;
    while (caught == null && submitted < JOB_BOUND) {
      List<BigInteger> jobs = new ArrayList<>();
      for (String hash : submitJobs(cheatingClient, client, 4, submitted)) {
        TransactionReceipt receipt = cheatingClient.awaitReceipt(hash);
        jobs.add(Numeric.toBigInt(receipt.getLogs().get(0).getTopics().get(1)));
      }
      submitted += 4;
      // Every job is challenged (p = 100%): wait until each one's challenge is resolved.
      for (BigInteger job : jobs) {
        Poll.until(Duration.ofSeconds(90), "the challenge of job " + job + " resolved", () -> {
          JsonNode c = challenges(cheatingClient, Map.of("job", Numeric.toHexStringWithPrefix(job)));
          return c.size() > 0 && !c.get(0).get("outcome").asText().equals("open") ? Optional.of(c) : Optional.empty();
        });
      }
      JsonNode found = challenges(cheatingClient, Map.of("participant", cheater, "outcome", "provider_cheated"));
      if (found.size() > 0) {
        caught = found.get(found.size() - 1);
      }
    }
    assertTrue(caught != null, "the cheater was not caught within " + JOB_BOUND + " jobs");
    System.out.println("MarketVerificationIT: cheater (wrong trace for 50% of its jobs) caught after " + submitted
        + " jobs submitted; challenge " + caught.get("challengeId").asText() + " job " + caught.get("jobId").asText());

    JsonNode rejected = result(cheatingClient, "veritas_getJob", caught.get("jobId").asText());
    assertEquals("rejected", rejected.get("status").asText());
    assertEquals(cheater, rejected.get("provider").asText());
    int timesCaught = challenges(cheatingClient, Map.of("participant", cheater, "outcome", "provider_cheated")).size();
    BigInteger expectedBond = BOND.shiftRight(timesCaught);
    JsonNode provider = result(cheatingClient, "veritas_getProvider", cheater);
    assertEquals(expectedBond, quantity(provider.get("bond")), "each catch takes half the bond (slashFractionBps 5000)");

    // Below the minimum bond: no new job goes to the cheater.
    long slashedAt = quantity(caught.get("resolvedAt")).longValueExact();
    cheatingClient.awaitHeadAbove(slashedAt);
    List<String> after = submitJobs(cheatingClient, client, 8, 1000);
    for (String hash : after) {
      TransactionReceipt receipt = cheatingClient.awaitReceipt(hash);
      assertEquals("0x1", receipt.getStatus());
      String assignedTo = "0x" + receipt.getLogs().get(1).getTopics().get(2).substring(26);
      assertNotEquals(cheater, assignedTo, "a provider below the minimum bond is assigned no job");
    }

    // Rewards: an honest provider's payout address (dev account 2 for provider 1) has claimable rewards after an epoch.
    Credentials payout = accounts.get(2);
    JsonNode rewards = Poll.until(Duration.ofSeconds(90), "claimable rewards for " + payout.getAddress(), () -> {
      JsonNode r = result(cheatingClient, "veritas_getRewards", payout.getAddress());
      return quantity(r.get("claimable")).signum() > 0 ? Optional.of(r) : Optional.empty();
    });
    assertTrue(rewards.get("epochs").size() > 0);
    BigInteger before = cheatingClient.balance(payout.getAddress(), DefaultBlockParameterName.LATEST);
    long nonce = cheatingClient.nonce(payout.getAddress(), DefaultBlockParameterName.PENDING).longValueExact();
    RawTransaction claim = RawTransaction.createTransaction(DevAccounts.CHAIN_ID, BigInteger.valueOf(nonce), BigInteger.valueOf(200_000),
        REWARDS, BigInteger.ZERO, FunctionEncoder.encode(new Function("claim", List.of(), List.of())), GWEI, GWEI.multiply(BigInteger.valueOf(50)));
    TransactionReceipt claimed = cheatingClient.awaitReceipt(cheatingClient.submit(TransactionEncoder.signMessage(claim, payout)));
    assertEquals("0x1", claimed.getStatus());
    BigInteger amount = Numeric.toBigInt(claimed.getLogs().get(0).getData());
    long block = claimed.getBlockNumber().longValueExact();
    BigInteger claimableBefore = quantity(result(cheatingClient, "eth_call",
        Map.of("to", REWARDS, "data", FunctionEncoder.encode(new Function("claimable",
            List.of(new org.web3j.abi.datatypes.Address(payout.getAddress())), List.of()))), Numeric.toHexStringWithPrefix(BigInteger.valueOf(block - 1))));
    assertEquals(claimableBefore, amount, "claim() pays exactly what was claimable");
    BigInteger gas = claimed.getGasUsed().multiply(Numeric.toBigInt(claimed.getEffectiveGasPrice()));
    BigInteger balanceBefore = cheatingClient.balance(payout.getAddress(), block - 1);
    assertEquals(balanceBefore.add(amount).subtract(gas), cheatingClient.balance(payout.getAddress(), block));
    assertTrue(before.compareTo(BigInteger.ZERO) > 0);
    JsonNode afterClaim = result(cheatingClient, "veritas_getRewards", payout.getAddress());
    assertEquals(quantity(rewards.get("claimed")).add(amount), quantity(afterClaim.get("claimed")));
  }

  @Test
  void aLazyVerifierLosesItsDisputeAndAProviderThatNeverCommitsIsPenalised() throws Exception {
    String silentProvider = PROVIDERS.get(0);
    String lazyVerifier = PROVIDERS.get(1);
    Credentials client = accounts.get(6);
    int submitted = 0;
    boolean lazyLost = false;
    boolean penalised = false;
    while ((!lazyLost || !penalised) && submitted < JOB_BOUND) {
      submitJobs(lazyClient, client, 4, submitted);
      submitted += 4;
      long until = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      while (System.nanoTime() < until && (!lazyLost || !penalised)) {
        JsonNode lazyProvider = result(lazyClient, "veritas_getProvider", lazyVerifier);
        lazyLost = quantity(lazyProvider.get("bond")).compareTo(BOND) < 0;
        penalised = result(lazyClient, "veritas_getProvider", silentProvider).get("timeouts").asLong() > 0;
        Thread.sleep(500);
      }
    }
    assertTrue(lazyLost, "the lazy verifier never lost a dispute within " + JOB_BOUND + " jobs");
    assertTrue(penalised, "the provider that never commits was never penalised within " + JOB_BOUND + " jobs");
    System.out.println("MarketVerificationIT: lazy verifier slashed and silent provider penalised after " + submitted + " jobs");

    // The lazy verifier's disputes all ended with the provider found honest, and it was slashed half its bond each time.
    JsonNode disputes = challenges(lazyClient, Map.of("participant", lazyVerifier));
    int lost = 0;
    for (JsonNode c : disputes) {
      if (c.get("outcome").asText().equals("open") || c.get("provider").asText().equals(lazyVerifier)) {
        continue;
      }
      assertEquals("provider_honest", c.get("outcome").asText(), "challenge " + c.get("challengeId").asText());
      boolean disagreed = false;
      for (JsonNode v : c.get("verdicts")) {
        if (v.get("verifier").asText().equals(lazyVerifier) && v.get("agrees").isBoolean()) {
          assertEquals(false, v.get("agrees").asBoolean(), "the lazy verifier never agrees");
          disagreed = true;
        }
      }
      lost += disagreed ? 1 : 0;
    }
    assertTrue(lost > 0);
    assertEquals(BOND.shiftRight(lost), quantity(result(lazyClient, "veritas_getProvider", lazyVerifier).get("bond")));

    // The silent provider paid 1 ETH per missed deadline; its jobs moved to another provider or went back to the client.
    JsonNode silent = result(lazyClient, "veritas_getProvider", silentProvider);
    long timeouts = silent.get("timeouts").asLong();
    assertEquals(BOND.subtract(ETHER.multiply(BigInteger.valueOf(timeouts))), quantity(silent.get("bond")));
    JsonNode moved = result(lazyClient, "veritas_listJobs", Map.of("client", client.getAddress(), "pageSize", 100)).get("jobs");
    int reassigned = 0;
    for (JsonNode job : moved) {
      if (job.get("previousProvider").asText().equals(silentProvider)) {
        reassigned++;
        assertNotEquals(silentProvider, job.get("provider").asText());
      }
    }
    assertTrue(reassigned > 0, "a job the silent provider missed moved to another provider");
  }
}
