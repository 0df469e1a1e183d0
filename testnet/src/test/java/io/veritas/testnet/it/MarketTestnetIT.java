package io.veritas.testnet.it;

import static io.veritas.testnet.it.DevnetClient.GWEI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The compute market on a 4-validator testnet (real processes from {@code testnet init/up}) where every node is also a
 * compute provider with its validator key: jobs submitted by a wallet to one node are run by providers on several
 * nodes, settle, and every node reports the same job records; a node fetches a job's output from the provider's node
 * over {@code /veritas/job/output/1}.
 */
class MarketTestnetIT {
  private static final String MARKET = "0x0000000000000000000000000000000000002000";
  private static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000_000L);
  private static final int JOBS = 8;
  private static final long MAX_TOKENS = 8;

  @Test
  void jobsRunOnProvidersOfDifferentNodesAndSettleIdenticallyEverywhere() throws Exception {
    try (LocalTestnet testnet = LocalTestnet.init("1s")) {
      testnet.up();
      List<RawRpc> nodes = new ArrayList<>();
      for (int i = 0; i < LocalTestnet.VALIDATORS; i++) {
        nodes.add(new RawRpc("http://127.0.0.1:" + testnet.rpcPort(i)));
      }
      RawRpc first = nodes.get(0);
      JsonNode providers = Poll.until(Duration.ofSeconds(120), "four providers registered", () -> {
        JsonNode list = first.call("veritas_listProviders").get("result");
        return list != null && list.size() == 4 ? Optional.of(list) : Optional.empty();
      });
      Set<String> endpoints = new HashSet<>();
      providers.forEach(p -> endpoints.add(p.get("endpoint").asText()));
      assertEquals(4, endpoints.size(), "each node registered its own provider with its own endpoint");
      String model = providers.get(0).get("models").get(0).asText();

      Credentials wallet = DevAccounts.derive(8).get(7);
      List<String> submitted = new ArrayList<>();
      long nonce = RawRpc.quantity(first.call("eth_getTransactionCount", wallet.getAddress(), "pending").get("result")).longValueExact();
      for (int i = 0; i < JOBS; i++) {
        String data = FunctionEncoder.encode(new Function("submitJob", List.of(new Bytes32(Numeric.hexStringToByteArray(model)),
            new DynamicBytes(("Testnet job " + i).getBytes(StandardCharsets.UTF_8)), new Uint32(MAX_TOKENS), new Uint64(i)), List.of()));
        RawTransaction tx = RawTransaction.createTransaction(7358, BigInteger.valueOf(nonce + i), BigInteger.valueOf(1_000_000), MARKET,
            PRICE.multiply(BigInteger.valueOf(MAX_TOKENS)), data, GWEI, GWEI.multiply(BigInteger.valueOf(50)));
        JsonNode reply = first.call("eth_sendRawTransaction", Numeric.toHexString(TransactionEncoder.signMessage(tx, wallet)));
        assertTrue(reply.has("result"), "submitJob refused: " + reply);
        submitted.add(reply.get("result").asText());
      }
      // Two stages with their own bounds, so a slow market says which part is slow: the transactions reach every
      // validator's pool over gossip (else only node 0 can include them, when it proposes), then a proposer
      // includes them (blocks are decided every second; a proposal that leaves them out while they wait is a fault).
      for (int i = 0; i < nodes.size(); i++) {
        RawRpc node = nodes.get(i);
        Poll.until(Duration.ofSeconds(30), "the " + JOBS + " submitJob transactions sent to node 0 known to node " + i,
            () -> submitted.stream().allMatch(hash -> node.call("eth_getTransactionByHash", hash).path("result").isObject())
                ? Optional.of(true) : Optional.empty());
      }
      Poll.until(Duration.ofSeconds(60), "the " + JOBS + " submitJob transactions included in a block",
          () -> submitted.stream().allMatch(hash ->
              first.call("eth_getTransactionByHash", hash).path("result").path("blockNumber").isTextual())
              ? Optional.of(true) : Optional.empty());

      JsonNode jobs = Poll.until(Duration.ofSeconds(300), JOBS + " jobs settled", () -> {
        JsonNode page = first.call("veritas_listJobs", Map.of("client", wallet.getAddress(), "pageSize", 100)).get("result");
        if (page.get("total").asInt() < JOBS) {
          return Optional.empty();
        }
        for (JsonNode job : page.get("jobs")) {
          if (!job.get("status").asText().equals("settled")) {
            return Optional.empty();
          }
        }
        return Optional.of(page.get("jobs"));
      });
      Set<String> servedBy = new HashSet<>();
      for (JsonNode job : jobs) {
        servedBy.add(job.get("provider").asText());
        for (RawRpc node : nodes) {
          assertEquals(job, node.call("veritas_getJob", job.get("jobId").asText()).get("result"), "every node has the same job record");
        }
      }
      assertTrue(servedBy.size() >= 2, "jobs were run by providers on at least two nodes: " + servedBy);

      // A node fetches the output of a job its own provider did not run from the provider's node.
      JsonNode job = jobs.get(0);
      int asker = -1;
      for (int i = 0; i < nodes.size() && asker < 0; i++) {
        JsonNode info = nodes.get(i).call("veritas_nodeInfo").get("result");
        String endpoint = first.call("veritas_getProvider", job.get("provider").asText()).get("result").get("endpoint").asText();
        if (!info.get("listenAddrs").toString().contains(endpoint.substring(endpoint.lastIndexOf('/') + 1))) {
          asker = i;
        }
      }
      JsonNode output = nodes.get(asker).call("veritas_getJobOutput", job.get("jobId").asText()).get("result");
      assertNotEquals("local", output.get("servedBy").asText());
      List<Integer> tokens = new ArrayList<>();
      output.get("tokens").forEach(t -> tokens.add(t.asInt()));
      List<Integer> onChain = new ArrayList<>();
      job.get("outputTokens").forEach(t -> onChain.add(t.asInt()));
      assertEquals(onChain, tokens);
      testnet.down();
    }
  }
}
