package io.veritas.testnet.it;

import static io.veritas.testnet.it.DevnetClient.GWEI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * ethers v6 (pinned in src/test/js/package-lock.json, installed by the test with {@code npm ci}) against a real
 * devnet: network, balances, an EIP-1559 and a legacy transfer with receipts, a block with prefetched
 * transactions, a WebSocket "block" event, and ethers' error codes for a stale nonce and missing funds. The
 * Node script reports what it saw as one JSON object; this test asserts the exact values and cross-checks them
 * through web3j.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevnetEthersIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SENDER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";
  private static final String RECIPIENT = "0x4000000000000000000000000000000000000001";
  private static final String VALIDATOR_CHECKSUMMED = "0xBcd4042DE499D14e55001CcbB24a551F3b954096";

  private DevnetProcess devnet;
  private DevnetClient client;
  /** The JSON object the ethers script printed. */
  private JsonNode out;

  @BeforeAll
  void runEthersAgainstADevnet() throws Exception {
    Path js = NodeScripts.prepared();
    devnet = DevnetProcess.start("ethers", Duration.ofMillis(200));
    client = new DevnetClient(devnet);
    NodeScripts.Result script = NodeScripts.run(js, Duration.ofMinutes(2), "node", "devnet-ethers.mjs", devnet.httpUrl(), devnet.wsUrl());
    assertEquals(0, script.exit(), "the ethers script failed:\n" + script.output() + "\n" + devnet.logTail());
    String[] lines = script.stdout().strip().split("\n");
    out = JSON.readTree(lines[lines.length - 1]);
  }

  @AfterAll
  void stopDevnet() {
    if (client != null) {
      client.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void ethersReadsTheZeroBalanceOfAFreshAddress() {
    assertEquals("{\"value\":\"0\"}", out.get("recipientBalanceBefore").toString());
  }

  @Test
  void ethersV6TransfersAndReadsWithoutSpecialConfiguration() {
    assertEquals("7357", out.get("chainId").asText());
    assertEquals(SENDER, out.get("sender").asText());
    assertEquals("10000000000000000000000", out.get("senderBalanceAtGenesis").asText());

    JsonNode eip1559 = out.get("eip1559");
    assertEquals(2, eip1559.get("type").asInt());
    assertEquals(0, eip1559.get("nonce").asInt());
    assertEquals(1, eip1559.get("status").asInt());
    assertEquals("21000", eip1559.get("gasUsed").asText());
    assertEquals(eip1559.get("hash").asText(), eip1559.get("receiptHash").asText());
    assertEquals(SENDER, eip1559.get("from").asText());
    assertEquals(RECIPIENT, eip1559.get("to").asText());
    TransactionReceipt receipt1559 = client.receipt(eip1559.get("hash").asText()).orElseThrow();
    assertEquals(eip1559.get("blockHash").asText(), receipt1559.getBlockHash());
    assertEquals(eip1559.get("blockNumber").asLong(), receipt1559.getBlockNumber().longValueExact());
    // ethers tips eth_maxPriorityFeePerGas (1 gwei), so the price paid is the block's base fee + 1 gwei.
    BigInteger baseFee1559 = client.block(eip1559.get("blockNumber").asLong(), false).getBaseFeePerGas();
    assertEquals(baseFee1559.add(GWEI).toString(), eip1559.get("gasPrice").asText());

    JsonNode legacy = out.get("legacy");
    assertEquals(0, legacy.get("type").asInt());
    assertEquals(1, legacy.get("nonce").asInt());
    assertEquals("7357", legacy.get("chainId").asText());
    assertEquals(1, legacy.get("status").asInt());
    assertEquals("21000", legacy.get("gasUsed").asText());
    assertEquals("3000000000", legacy.get("gasPrice").asText());
    int v = legacy.get("yParityV").asInt();
    assertTrue(v == 27 || v == 28, "signature v " + v);
    TransactionReceipt legacyReceipt = client.receipt(legacy.get("hash").asText()).orElseThrow();
    assertEquals("0x0", legacyReceipt.getType());
    assertEquals(legacy.get("blockHash").asText(), legacyReceipt.getBlockHash());
    assertEquals(
        7357L * 2 + 35 + (v - 27),
        DevnetClient.ok(client.web3j.ethGetTransactionByHash(legacy.get("hash").asText()))
            .getTransaction().orElseThrow().getV(),
        "EIP-155 v on the node");

    assertEquals("1750000000000000000", out.get("recipientBalanceAfter").asText());
    assertEquals(2, out.get("senderNonceAfter").asInt());

    JsonNode block = out.get("block");
    assertEquals(legacy.get("blockNumber").asLong(), block.get("number").asLong());
    assertEquals(legacy.get("blockHash").asText(), block.get("hash").asText());
    assertEquals(VALIDATOR_CHECKSUMMED, block.get("miner").asText());
    assertEquals(
        client.block(block.get("number").asLong(), false).getBaseFeePerGas().toString(),
        block.get("baseFeePerGas").asText());
    List<String> hashes = texts(block.get("transactionHashes"));
    assertTrue(hashes.contains(legacy.get("hash").asText()), "block transactions " + hashes);
    assertEquals(hashes.size(), block.get("prefetched").size());
    for (int i = 0; i < hashes.size(); i++) {
      assertEquals(hashes.get(i), block.get("prefetched").get(i).get("hash").asText());
    }
    JsonNode prefetchedLegacy = block.get("prefetched").get(hashes.indexOf(legacy.get("hash").asText()));
    assertEquals(SENDER, prefetchedLegacy.get("from").asText());
    assertEquals(RECIPIENT, prefetchedLegacy.get("to").asText());
    assertEquals("500000000000000000", prefetchedLegacy.get("value").asText());
    assertEquals(0, prefetchedLegacy.get("type").asInt());
  }

  @Test
  void ethersWebSocketProviderReceivesBlockEvents() {
    JsonNode ws = out.get("wsBlock");
    assertTrue(
        ws.get("number").asLong() > ws.get("headBefore").asLong(),
        "the WebSocket block event names a new block: " + ws);
    assertEquals("7357", out.get("wsChainId").asText());
  }

  @Test
  void ethersMapsRejectionsToItsErrorCodes() {
    JsonNode nonceExpired = out.get("nonceExpired");
    assertEquals("NONCE_EXPIRED", nonceExpired.get("code").asText(), nonceExpired.toString());
    assertEquals(
        "nonce too low: account " + SENDER.toLowerCase() + " has nonce 2, transaction has 0",
        nonceExpired.get("message").asText());
    JsonNode insufficient = out.get("insufficientFunds");
    assertEquals("INSUFFICIENT_FUNDS", insufficient.get("code").asText(), insufficient.toString());
    assertEquals(
        "insufficient funds for gas * price + value: balance 10000000000000000000000, cost 20000000210000000000000",
        insufficient.get("message").asText());
    assertEquals(
        new BigInteger("10000000000000000000000"),
        client.balance(out.get("wallet1").asText().toLowerCase(), DefaultBlockParameterName.LATEST),
        "the rejected transfer moved nothing");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
