package io.veritas.testnet.it;

import static io.veritas.testnet.it.DevnetClient.ETHER;
import static io.veritas.testnet.it.DevnetClient.GWEI;
import static io.veritas.testnet.it.DevnetClient.TRANSFER_GAS;
import static io.veritas.testnet.it.DevnetClient.ok;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.web3j.protocol.core.DefaultBlockParameterName.EARLIEST;
import static org.web3j.protocol.core.DefaultBlockParameterName.LATEST;
import static org.web3j.protocol.core.DefaultBlockParameterName.PENDING;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Drives a real devnet process with web3j the way a Java wallet or dapp backend does: reads, transfers of both
 * fee kinds with exact accounting, the pending nonce, filters, and every kind of bad input with its exact
 * JSON-RPC error and no effect on the state.
 *
 * <p>Accounts are split between tests (each test owns the dev accounts it sends from) so the tests do not
 * depend on their order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DevnetWeb3jIT {
  private static final long CHAIN_ID = DevAccounts.CHAIN_ID;
  private static final BigInteger GENESIS_BALANCE = ETHER.multiply(BigInteger.valueOf(10_000));
  private static final BigInteger MIN_TIP = GWEI;
  private static final int MAX_TX_SIZE = 128 * 1024;
  /** The secp256k1 group order n and field prime p. */
  private static final BigInteger CURVE_N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);
  private static final BigInteger CURVE_P =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
  private static final String EMPTY_TRIE_ROOT = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
  /** Reported to the lead; the tests below that hit it are disabled until main code is fixed. */
  private static final String EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

  private DevnetProcess devnet;
  /** The 3-second-block devnet of {@link PendingNonce}, launched with the main one so their start-ups overlap. */
  private DevnetProcess slow;
  private DevnetClient client;
  private List<Credentials> accounts;

  @BeforeAll
  void startDevnets() throws Exception {
    accounts = DevAccounts.derive(10);
    slow = DevnetProcess.launch("web3j-slow", Duration.ofSeconds(3));
    devnet = DevnetProcess.launch("web3j", Duration.ofMillis(200));
    devnet.awaitReady();
    client = new DevnetClient(devnet);
  }

  @AfterAll
  void stopDevnets() {
    if (client != null) {
      client.close();
    }
    if (devnet != null) {
      devnet.close();
    }
    if (slow != null) {
      slow.close();
    }
  }

  // ---------------------------------------------------------------- reads

  @Test
  void reportsChainId7357() {
    assertEquals(BigInteger.valueOf(CHAIN_ID), ok(client.web3j.ethChainId()).getChainId());
    assertEquals("7357", ok(client.web3j.netVersion()).getNetVersion());
  }

  @Test
  void blockNumberAdvancesWithLinkedBlocks() {
    long start = client.head();
    long later = client.awaitHeadAbove(start + 1);
    assertTrue(later >= start + 2, "head went from " + start + " to " + later);
    EthBlock.Block parent = client.block(start, false);
    EthBlock.Block child = client.block(start + 1, false);
    assertEquals(parent.getHash(), child.getParentHash());
    assertEquals(BigInteger.valueOf(start + 1), child.getNumber());
    assertTrue(child.getTimestamp().compareTo(parent.getTimestamp()) >= 0, "timestamps must not go back");
  }

  @Test
  void devAccountsAreTheWellKnownMnemonicAccounts() {
    assertEquals(DevAccounts.FUNDED_ADDRESSES, accounts.stream().map(Credentials::getAddress).toList());
  }

  @Test
  void genesisFundsTheTenDevAccountsWithExactly10000Ether() {
    for (String address : DevAccounts.FUNDED_ADDRESSES) {
      assertEquals(GENESIS_BALANCE, client.balance(address, EARLIEST), address + " at earliest");
      assertEquals(GENESIS_BALANCE, client.balance(address, 0), address + " at block 0x0");
    }
    EthBlock.Block genesis = client.block(0, false);
    assertEquals(ok(client.web3j.ethGetBlockByNumber(EARLIEST, false)).getBlock().getHash(), genesis.getHash());
    assertEquals(BigInteger.ZERO, genesis.getNumber());
    assertEquals("0x" + "0".repeat(64), genesis.getParentHash());
  }

  @Test
  void encodesZeroQuantitiesAs0x0() {
    // Ethereum's JSON-RPC quantity encoding: zero is "0x0"; "0x" is not a number to ethers, web3j or MetaMask.
    String fresh = "0x000000000000000000000000000000000000dead";
    assertEquals("0x0", client.raw.result("eth_getBalance", fresh, "latest").asText());
    assertEquals("0x0", client.raw.result("eth_getBalance", DevAccounts.VALIDATOR, "0x0").asText());
    assertEquals("0x0", client.raw.result("eth_getTransactionCount", fresh, "latest").asText());
  }

  @Test
  void estimatesExactly21000GasForATransfer() {
    Transaction transfer =
        Transaction.createEtherTransaction(
            accounts.get(0).getAddress(), null, null, null, "0x1000000000000000000000000000000000000099", ETHER);
    assertEquals(TRANSFER_GAS, ok(client.web3j.ethEstimateGas(transfer)).getAmountUsed());
  }

  @Test
  void gasPriceIsTheNextBaseFeePlusTheMinimumTip() {
    assertEquals(MIN_TIP, ok(client.web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas());
    // The answer depends on the head, which moves every 200 ms: read it between two equal head numbers.
    for (int attempt = 0; attempt < 20; attempt++) {
      long before = client.head();
      BigInteger gasPrice = ok(client.web3j.ethGasPrice()).getGasPrice();
      long after = client.head();
      if (before == after) {
        client.awaitHeadAbove(before);
        BigInteger nextBaseFee = client.block(before + 1, false).getBaseFeePerGas();
        assertEquals(nextBaseFee.add(MIN_TIP), gasPrice, "gas price read at head " + before);
        return;
      }
    }
    throw new AssertionError("the head moved during every one of 20 eth_gasPrice reads");
  }

  @Test
  void getLogsOverBlocksWithoutLogsIsEmpty() {
    client.awaitHeadAbove(3);
    JsonNode logs = client.raw.result("eth_getLogs", Map.of("fromBlock", "0x1", "toBlock", "0x3"));
    assertTrue(logs.isArray(), "eth_getLogs must answer an array, got " + logs);
    assertEquals(0, logs.size());
    JsonNode byAddress =
        client.raw.result(
            "eth_getLogs", Map.of("fromBlock", "0x0", "toBlock", "latest", "address", DevAccounts.VALIDATOR));
    assertEquals(0, byAddress.size());
  }

  @Test
  void blockFilterReturnsEachNewBlockHashOnce() {
    String filterId = null;
    long installedAt = -1;
    for (int attempt = 0; attempt < 20 && filterId == null; attempt++) {
      long before = client.head();
      String id = client.raw.result("eth_newBlockFilter").asText();
      if (client.head() == before) {
        filterId = id;
        installedAt = before;
      } else {
        client.raw.result("eth_uninstallFilter", id);
      }
    }
    assertTrue(filterId != null, "the head moved during every attempt to install the filter");
    final String id = filterId;
    // Each poll returns what happened since the previous one, so the hashes are collected across polls.
    List<String> first = new ArrayList<>();
    Poll.until(Duration.ofSeconds(10), "two new blocks in the filter", () -> {
      first.addAll(texts(client.raw.result("eth_getFilterChanges", id)));
      return first.size() >= 2 ? Optional.of(first) : Optional.empty();
    });
    for (int i = 0; i < first.size(); i++) {
      assertEquals(client.block(installedAt + 1 + i, false).getHash(), first.get(i), "block " + (installedAt + 1 + i));
    }
    long next = installedAt + 1 + first.size();
    List<String> second =
        Poll.until(Duration.ofSeconds(10), "a further block in the filter", () -> {
          List<String> hashes = texts(client.raw.result("eth_getFilterChanges", id));
          return hashes.isEmpty() ? Optional.empty() : Optional.of(hashes);
        });
    for (int i = 0; i < second.size(); i++) {
      assertEquals(client.block(next + i, false).getHash(), second.get(i), "block " + (next + i));
    }
    assertTrue(client.raw.result("eth_uninstallFilter", id).asBoolean());
    JsonNode error = client.raw.call("eth_getFilterChanges", id).get("error");
    assertEquals(-32000, error.get("code").asInt());
    assertEquals("filter not found", error.get("message").asText());
  }

  @Test
  void finalizedAndSafeAreTheLatestBlock() {
    for (int attempt = 0; attempt < 20; attempt++) {
      long before = client.head();
      JsonNode finalized = client.raw.result("eth_getBlockByNumber", "finalized", false);
      JsonNode safe = client.raw.result("eth_getBlockByNumber", "safe", false);
      if (client.head() == before) {
        String latestHash = client.block(before, false).getHash();
        assertEquals(latestHash, finalized.get("hash").asText(), "finalized at head " + before);
        assertEquals(latestHash, safe.get("hash").asText(), "safe at head " + before);
        return;
      }
    }
    throw new AssertionError("the head moved during every one of 20 reads");
  }

  @Test
  void answersBatchesInOrderWithPerRequestErrors() {
    RawRpc.Reply reply =
        client.raw.post(
            "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"two\",\"method\":\"eth_nope\",\"params\":[]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"net_version\",\"params\":[]}]");
    assertEquals(200, reply.status());
    JsonNode responses = reply.json();
    assertEquals(3, responses.size(), responses.toString());
    Map<String, JsonNode> byId = new HashMap<>();
    responses.forEach(r -> byId.put(r.get("id").asText(), r));
    assertEquals("0x1cbd", byId.get("1").get("result").asText());
    assertEquals(-32601, byId.get("two").get("error").get("code").asInt());
    assertEquals("7357", byId.get("3").get("result").asText());

    JsonNode empty = client.raw.post("[]").json();
    assertEquals(-32600, empty.get("error").get("code").asInt());
    assertEquals("invalid request: empty batch", empty.get("error").get("message").asText());

    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 1025; i++) {
      big.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i).append(",\"method\":\"eth_chainId\"}");
    }
    JsonNode tooMany = client.raw.post(big.append("]").toString()).json();
    assertEquals(-32005, tooMany.get("error").get("code").asInt());
    assertEquals(
        "batch of 1025 requests exceeds the maximum batch size of 1024", tooMany.get("error").get("message").asText());
  }

  @Test
  void allowsBrowserWalletsThroughCorsPreflight() {
    var response = client.raw.preflight("chrome-extension://nkbihfbeogaeaoehlefnkodbefgpgknn");
    assertTrue(response.statusCode() == 200 || response.statusCode() == 204, "status " + response.statusCode());
    assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElse(null));
    String methods = response.headers().firstValue("access-control-allow-methods").orElse("");
    assertTrue(methods.contains("POST"), methods);
    String headers = response.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase();
    assertTrue(headers.contains("content-type"), headers);
  }

  @Test
  void webSocketNewHeadsNotifiesEachBlockWithItsHeader() {
    try (WebSocketRpc ws = new WebSocketRpc(devnet.wsUrl())) {
      assertEquals("0x1cbd", ws.call("eth_chainId").get("result").asText());
      String subscription = ws.call("eth_subscribe", "newHeads").get("result").asText();
      JsonNode first = ws.notification(subscription, Duration.ofSeconds(10));
      JsonNode second = ws.notification(subscription, Duration.ofSeconds(10));
      long number = RawRpc.quantity(first.get("number")).longValueExact();
      assertEquals(number + 1, RawRpc.quantity(second.get("number")).longValueExact());
      assertEquals(first.get("hash").asText(), second.get("parentHash").asText());
      EthBlock.Block block = client.block(number, false);
      assertEquals(block.getHash(), first.get("hash").asText());
      assertEquals(block.getStateRoot(), first.get("stateRoot").asText());
      assertEquals(block.getMiner(), first.get("miner").asText());
      assertEquals(block.getBaseFeePerGas(), RawRpc.quantity(first.get("baseFeePerGas")));
      assertEquals(block.getTimestamp(), RawRpc.quantity(first.get("timestamp")));
      assertTrue(ws.call("eth_unsubscribe", subscription).get("result").asBoolean());
      assertFalse(ws.call("eth_unsubscribe", subscription).get("result").asBoolean(), "already unsubscribed");
    }
  }

  @Test
  void newPendingTransactionsReachFiltersAndSubscriptions() {
    Credentials sender = accounts.get(6);
    String filter = client.raw.result("eth_newPendingTransactionFilter").asText();
    try (WebSocketRpc ws = new WebSocketRpc(devnet.wsUrl())) {
      String subscription = ws.call("eth_subscribe", "newPendingTransactions").get("result").asText();
      long nonce = client.nonce(sender.getAddress(), PENDING).longValueExact();
      String hash =
          client.submit(
              DevnetClient.eip1559Transfer(
                  sender, nonce, "0x100000000000000000000000000000000000000e", ETHER, MIN_TIP, GWEI.multiply(BigInteger.TEN)));
      assertEquals(hash, ws.notification(subscription, Duration.ofSeconds(10)).asText());
      List<String> announced = new ArrayList<>();
      Poll.until(Duration.ofSeconds(10), "the pending transaction in the filter", () -> {
        announced.addAll(texts(client.raw.result("eth_getFilterChanges", filter)));
        return announced.isEmpty() ? Optional.empty() : Optional.of(announced);
      });
      assertEquals(List.of(hash), announced);
      assertEquals("0x1", client.awaitReceipt(hash).getStatus());
    } finally {
      client.raw.result("eth_uninstallFilter", filter);
    }
  }

  // ---------------------------------------------------------------- transfers

  @Test
  void legacyEip155TransferIsIncludedAndChargedExactly() throws Exception {
    Credentials sender = accounts.get(0);
    String to = "0x1000000000000000000000000000000000000001";
    BigInteger value = new BigInteger("1234500000000000000");
    BigInteger gasPrice = GWEI.multiply(BigInteger.valueOf(3));
    long nonce = client.nonce(sender.getAddress(), PENDING).longValueExact();
    byte[] signed = DevnetClient.legacyTransfer(sender, nonce, to, value, gasPrice, CHAIN_ID);

    String hash = client.submit(signed);
    assertEquals(Hash.sha3(Numeric.toHexString(signed)), hash, "the hash is keccak256 of the raw bytes");
    TransactionReceipt receipt = client.awaitReceipt(hash);
    assertEquals("0x0", receipt.getType());
    assertEquals(gasPrice, Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
    assertChargedExactly(receipt, sender.getAddress(), to, value);

    var tx = ok(client.web3j.ethGetTransactionByHash(hash)).getTransaction().orElseThrow();
    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(signed));
    assertEquals(hash, tx.getHash());
    assertEquals("0x0", tx.getType());
    assertEquals(BigInteger.valueOf(nonce), tx.getNonce());
    assertEquals(sender.getAddress(), tx.getFrom());
    assertEquals(to, tx.getTo());
    assertEquals(value, tx.getValue());
    assertEquals(TRANSFER_GAS, tx.getGas());
    assertEquals(gasPrice, tx.getGasPrice());
    assertEquals("0x", tx.getInput());
    assertEquals(Numeric.toBigInt(decoded.getSignatureData().getV()).longValueExact(), tx.getV());
    assertTrue(tx.getV() == CHAIN_ID * 2 + 35 || tx.getV() == CHAIN_ID * 2 + 36, "EIP-155 v, got " + tx.getV());
    assertEquals(Numeric.toBigInt(decoded.getSignatureData().getR()), Numeric.toBigInt(tx.getR()));
    assertEquals(Numeric.toBigInt(decoded.getSignatureData().getS()), Numeric.toBigInt(tx.getS()));
    assertEquals(Long.valueOf(CHAIN_ID), tx.getChainId());
    assertEquals(receipt.getBlockHash(), tx.getBlockHash());
    assertEquals(receipt.getBlockNumber(), tx.getBlockNumber());
    assertEquals(receipt.getTransactionIndex(), tx.getTransactionIndex());
    assertEquals(BigInteger.valueOf(nonce + 1), client.nonce(sender.getAddress(), LATEST));
  }

  @Test
  void eip1559TransferIsIncludedAndChargedExactly() {
    Credentials sender = accounts.get(1);
    String to = "0x1000000000000000000000000000000000000002";
    BigInteger value = new BigInteger("2000000000000000001");
    BigInteger tip = new BigInteger("1500000000");
    BigInteger maxFee = GWEI.multiply(BigInteger.valueOf(20));
    long nonce = client.nonce(sender.getAddress(), PENDING).longValueExact();
    byte[] signed = DevnetClient.eip1559Transfer(sender, nonce, to, value, tip, maxFee);

    String hash = client.submit(signed);
    assertEquals(Hash.sha3(Numeric.toHexString(signed)), hash);
    TransactionReceipt receipt = client.awaitReceipt(hash);
    BigInteger baseFee = client.block(receipt.getBlockNumber().longValueExact(), false).getBaseFeePerGas();
    assertEquals("0x2", receipt.getType());
    // EIP-1559: the price paid is min(maxFee, baseFee + tip); the base fee is far below 18.5 gwei here.
    assertEquals(baseFee.add(tip), Numeric.decodeQuantity(receipt.getEffectiveGasPrice()));
    assertChargedExactly(receipt, sender.getAddress(), to, value);
    // The proposer's share of this transaction is exactly its tip.
    EthBlock.Block block = client.block(receipt.getBlockNumber().longValueExact(), false);
    if (block.getTransactions().size() == 1) {
      long n = block.getNumber().longValueExact();
      assertEquals(
          TRANSFER_GAS.multiply(tip),
          client.balance(DevAccounts.VALIDATOR, n).subtract(client.balance(DevAccounts.VALIDATOR, n - 1)));
    }

    var tx = ok(client.web3j.ethGetTransactionByHash(hash)).getTransaction().orElseThrow();
    assertEquals("0x2", tx.getType());
    assertEquals(tip, tx.getMaxPriorityFeePerGas());
    assertEquals(maxFee, tx.getMaxFeePerGas());
    assertEquals(baseFee.add(tip), tx.getGasPrice(), "a mined EIP-1559 transaction reports its effective price");
    assertEquals(Long.valueOf(CHAIN_ID), tx.getChainId());
    assertEquals(0, tx.getAccessList().size());
    assertEquals(sender.getAddress(), tx.getFrom());
    assertEquals(value, tx.getValue());
    assertEquals(receipt.getBlockHash(), tx.getBlockHash());
  }

  @Test
  void blockWithFullTransactionsCarriesEveryFieldWalletsParse() {
    Credentials sender = accounts.get(2);
    String to = "0x1000000000000000000000000000000000000003";
    long nonce = client.nonce(sender.getAddress(), PENDING).longValueExact();
    String hash =
        client.submit(
            DevnetClient.eip1559Transfer(sender, nonce, to, ETHER, MIN_TIP, GWEI.multiply(BigInteger.TEN)));
    TransactionReceipt receipt = client.awaitReceipt(hash);
    long n = receipt.getBlockNumber().longValueExact();

    EthBlock.Block full = client.block(n, true);
    EthBlock.Block byHash = ok(client.web3j.ethGetBlockByHash(receipt.getBlockHash(), true)).getBlock();
    assertEquals(full, byHash, "by number and by hash are the same block");
    assertEquals(receipt.getBlockHash(), full.getHash());
    assertEquals(client.block(n - 1, false).getHash(), full.getParentHash());
    assertEquals(DevAccounts.VALIDATOR, full.getMiner());
    assertEquals(BigInteger.ZERO, full.getDifficulty());
    assertEquals("0x0000000000000000", full.getNonceRaw());
    assertEquals(EMPTY_UNCLES_HASH, full.getSha3Uncles());
    assertEquals(List.of(), full.getUncles());
    assertEquals(66, full.getMixHash().length());
    assertEquals(BigInteger.valueOf(300_000_000L), full.getGasLimit());
    assertNotEquals(EMPTY_TRIE_ROOT, full.getTransactionsRoot());
    assertNotEquals(EMPTY_TRIE_ROOT, full.getReceiptsRoot());
    assertEquals(514, full.getLogsBloom().length());

    List<TransactionReceipt> receipts = client.receipts(full);
    assertEquals(
        receipts.stream().map(TransactionReceipt::getGasUsed).reduce(BigInteger.ZERO, BigInteger::add),
        full.getGasUsed());
    int index = receipt.getTransactionIndex().intValueExact();
    var object = (EthBlock.TransactionObject) full.getTransactions().get(index);
    assertEquals(hash, object.getHash());
    assertEquals(ok(client.web3j.ethGetTransactionByHash(hash)).getTransaction().orElseThrow(), object.get());

    EthBlock.Block hashesOnly = client.block(n, false);
    assertEquals(
        full.getTransactions().stream().map(t -> ((EthBlock.TransactionObject) t).getHash()).toList(),
        hashesOnly.getTransactions().stream().map(t -> (String) t.get()).toList());
  }

  @Test
  void feeHistoryMatchesTheBlocks() {
    Credentials sender = accounts.get(3);
    BigInteger tip = new BigInteger("1700000000");
    long nonce = client.nonce(sender.getAddress(), PENDING).longValueExact();
    String hash =
        client.submit(
            DevnetClient.eip1559Transfer(
                sender, nonce, "0x1000000000000000000000000000000000000004", ETHER, tip, GWEI.multiply(BigInteger.TEN)));
    long txBlock = client.awaitReceipt(hash).getBlockNumber().longValueExact();
    long newest = txBlock + 1;
    client.awaitHeadAbove(newest);

    JsonNode history = client.raw.result("eth_feeHistory", "0x4", RawRpc.hex(newest), List.of(25, 75));
    assertEquals(RawRpc.hex(newest - 3), history.get("oldestBlock").asText());
    JsonNode baseFees = history.get("baseFeePerGas");
    assertEquals(5, baseFees.size(), "four blocks and the next one");
    for (int i = 0; i < 5; i++) {
      long number = newest - 3 + i;
      EthBlock.Block block = client.block(number, false);
      assertEquals(block.getBaseFeePerGas(), RawRpc.quantity(baseFees.get(i)), "base fee of block " + number);
      if (i < 4) {
        assertEquals(
            block.getGasUsed().doubleValue() / block.getGasLimit().doubleValue(),
            history.get("gasUsedRatio").get(i).asDouble(),
            "gas used ratio of block " + number);
        JsonNode rewards = history.get("reward").get(i);
        assertEquals(2, rewards.size());
        BigInteger[] expected = expectedRewards(block, new double[] {25, 75});
        for (int p = 0; p < 2; p++) {
          assertEquals(expected[p], RawRpc.quantity(rewards.get(p)), "reward " + p + " of block " + number);
        }
      }
    }
    EthBlock.Block withTx = client.block(txBlock, false);
    if (withTx.getTransactions().size() == 1) {
      JsonNode rewards = history.get("reward").get((int) (txBlock - (newest - 3)));
      assertEquals(tip, RawRpc.quantity(rewards.get(0)));
      assertEquals(tip, RawRpc.quantity(rewards.get(1)));
    }
  }

  /** The tips at the given gas-weighted percentiles of a block's transactions, as geth computes them. */
  private BigInteger[] expectedRewards(EthBlock.Block block, double[] percentiles) {
    BigInteger[] rewards = new BigInteger[percentiles.length];
    List<TransactionReceipt> receipts = new ArrayList<>(client.receipts(block));
    if (receipts.isEmpty()) {
      Arrays.fill(rewards, BigInteger.ZERO);
      return rewards;
    }
    BigInteger baseFee = block.getBaseFeePerGas();
    Function<TransactionReceipt, BigInteger> tip =
        r -> Numeric.decodeQuantity(r.getEffectiveGasPrice()).subtract(baseFee);
    receipts.sort((a, b) -> tip.apply(a).compareTo(tip.apply(b)));
    int index = 0;
    BigInteger sum = receipts.get(0).getGasUsed();
    for (int i = 0; i < percentiles.length; i++) {
      long threshold = (long) (block.getGasUsed().doubleValue() * percentiles[i] / 100);
      while (sum.longValueExact() < threshold && index < receipts.size() - 1) {
        index++;
        sum = sum.add(receipts.get(index).getGasUsed());
      }
      rewards[i] = tip.apply(receipts.get(index));
    }
    return rewards;
  }

  /**
   * Receipt status 1 and 21000 gas; the recipient gained exactly {@code value}, the sender lost exactly value +
   * gasUsed × effectiveGasPrice, and the proposer gained exactly the block's tips (the base fee is burnt).
   */
  private void assertChargedExactly(TransactionReceipt receipt, String from, String to, BigInteger value) {
    assertEquals("0x1", receipt.getStatus());
    assertEquals(TRANSFER_GAS, receipt.getGasUsed());
    assertEquals(from, receipt.getFrom());
    assertEquals(to, receipt.getTo());
    assertEquals(List.of(), receipt.getLogs());
    assertNull(receipt.getContractAddress());
    long n = receipt.getBlockNumber().longValueExact();
    EthBlock.Block block = client.block(n, false);
    assertEquals(receipt.getBlockHash(), block.getHash());
    assertEquals(DevAccounts.VALIDATOR, block.getMiner());
    BigInteger price = Numeric.decodeQuantity(receipt.getEffectiveGasPrice());

    assertEquals(value, client.balance(to, n).subtract(client.balance(to, n - 1)), "recipient's gain");
    assertEquals(
        value.add(TRANSFER_GAS.multiply(price)),
        client.balance(from, n - 1).subtract(client.balance(from, n)),
        "sender's cost");
    BigInteger tips = BigInteger.ZERO;
    for (TransactionReceipt r : client.receipts(block)) {
      BigInteger tipPerGas = Numeric.decodeQuantity(r.getEffectiveGasPrice()).subtract(block.getBaseFeePerGas());
      tips = tips.add(r.getGasUsed().multiply(tipPerGas));
    }
    assertEquals(
        tips,
        client.balance(DevAccounts.VALIDATOR, n).subtract(client.balance(DevAccounts.VALIDATOR, n - 1)),
        "proposer's gain in block " + n);
  }

  // ---------------------------------------------------------------- bad input

  /** What a rejected transaction must leave as it was. */
  private record AccountState(BigInteger balance, BigInteger latestNonce, BigInteger pendingNonce) {}

  private AccountState state(String address) {
    return new AccountState(
        client.balance(address, LATEST), client.nonce(address, LATEST), client.nonce(address, PENDING));
  }

  /** After the next block (which would have included it), the account is as it was before. */
  private void assertUntouched(String address, AccountState before) {
    client.awaitHeadAbove(client.head());
    assertEquals(before, state(address), "state of " + address + " after a rejected transaction");
  }

  private static void assertError(Response.Error error, int code, String message) {
    assertEquals(message, error.getMessage());
    assertEquals(code, error.getCode(), "code of \"" + error.getMessage() + "\"");
  }

  @Test
  void rejectsMalformedRlp() {
    Credentials sender = accounts.get(9);
    AccountState before = state(sender.getAddress());
    byte[] valid =
        DevnetClient.eip1559Transfer(
            sender, before.pendingNonce().longValueExact(), sender.getAddress(), ETHER, MIN_TIP, GWEI.multiply(BigInteger.TEN));

    Response.Error lengthOnly = client.reject(new byte[] {(byte) 0xf8});
    assertEquals(-32602, lengthOnly.getCode());
    assertTrue(
        lengthOnly.getMessage().startsWith("invalid params: invalid transaction: malformed RLP: legacy transaction"),
        lengthOnly.getMessage());

    Response.Error truncated = client.reject(Arrays.copyOf(valid, valid.length - 1));
    assertEquals(-32602, truncated.getCode());
    assertTrue(
        truncated.getMessage().startsWith("invalid params: invalid transaction: malformed RLP: EIP-1559 transaction"),
        truncated.getMessage());

    byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
    Response.Error trailingByte = client.reject(trailing);
    assertEquals(-32602, trailingByte.getCode());
    assertTrue(trailingByte.getMessage().contains("malformed RLP"), trailingByte.getMessage());

    byte[] wrongType = valid.clone();
    wrongType[0] = 0x05;
    assertError(client.reject(wrongType), -32602, "invalid params: invalid transaction: unsupported transaction type 0x05");

    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsWrongChainId() {
    Credentials sender = accounts.get(6);
    AccountState before = state(sender.getAddress());
    long nonce = before.pendingNonce().longValueExact();
    String to = "0x1000000000000000000000000000000000000006";

    assertError(
        client.reject(DevnetClient.legacyTransfer(sender, nonce, to, ETHER, GWEI.multiply(BigInteger.TWO), 1)),
        -32000,
        "invalid chain id: transaction has 1, this chain is 7357");
    RawTransaction mainnet1559 =
        RawTransaction.createEtherTransaction(
            1L, BigInteger.valueOf(nonce), TRANSFER_GAS, to, ETHER, MIN_TIP, GWEI.multiply(BigInteger.TEN));
    assertError(
        client.reject(TransactionEncoder.signMessage(mainnet1559, sender)),
        -32000,
        "invalid chain id: transaction has 1, this chain is 7357");
    // Pre-EIP-155 (v = 27/28): replayable on every chain, so refused.
    RawTransaction unprotected =
        RawTransaction.createEtherTransaction(
            BigInteger.valueOf(nonce), GWEI.multiply(BigInteger.TWO), TRANSFER_GAS, to, ETHER);
    assertError(
        client.reject(TransactionEncoder.signMessage(unprotected, sender)),
        -32000,
        "transaction without replay protection (EIP-155) is not accepted");

    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsBadAndMissingSignatures() throws Exception {
    Credentials sender = accounts.get(7);
    AccountState before = state(sender.getAddress());
    long nonce = before.pendingNonce().longValueExact();
    String to = "0x1000000000000000000000000000000000000007";
    BigInteger maxFee = GWEI.multiply(BigInteger.TEN);
    byte[] valid = DevnetClient.eip1559Transfer(sender, nonce, to, ETHER, MIN_TIP, maxFee);
    SignedRawTransaction decoded = (SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(valid));
    Sign.SignatureData sig = decoded.getSignatureData();
    assertArrayEquals(valid, TransactionEncoder.encode(decoded, sig), "re-encoding round trip");
    BigInteger r = Numeric.toBigInt(sig.getR());
    BigInteger s = Numeric.toBigInt(sig.getS());

    // r = 0 is no signature at all.
    assertError(
        client.reject(TransactionEncoder.encode(decoded, new Sign.SignatureData(sig.getV(), new byte[0], sig.getS()))),
        -32602,
        "invalid params: invalid transaction: invalid signature: r is zero");

    // An r that is the x-coordinate of no curve point: recovery fails.
    BigInteger offCurve = xOfNoCurvePoint();
    Response.Error noKey =
        client.reject(TransactionEncoder.encode(decoded, new Sign.SignatureData(sig.getV(), bytes32(offCurve), sig.getS())));
    assertEquals(-32602, noKey.getCode());
    String noKeyPrefix =
        "invalid params: invalid transaction: invalid signature: no public key can be recovered from r "
            + Numeric.toHexStringWithPrefixZeroPadded(offCurve, 64) + " with recovery id ";
    assertTrue(
        noKey.getMessage().equals(noKeyPrefix + "0") || noKey.getMessage().equals(noKeyPrefix + "1"),
        noKey.getMessage());

    // EIP-2: the high-s twin (n - s, other parity) of a valid signature is refused.
    byte v = sig.getV()[0];
    byte flippedV = (byte) (v == 27 ? 28 : v == 28 ? 27 : v ^ 1);
    Response.Error highS =
        client.reject(TransactionEncoder.encode(decoded, new Sign.SignatureData(flippedV, sig.getR(), bytes32(CURVE_N.subtract(s)))));
    assertEquals(-32602, highS.getCode());
    assertEquals(
        "invalid params: invalid transaction: invalid signature: s "
            + Numeric.toHexStringWithPrefixZeroPadded(CURVE_N.subtract(s), 64) + " is above secp256k1n/2 (EIP-2)",
        highS.getMessage());

    // A flipped bit of s is still a signature, of someone else: an empty account, so no funds.
    byte[] otherS = bytes32(s.flipBit(0));
    byte[] forged = TransactionEncoder.encode(decoded, new Sign.SignatureData(sig.getV(), sig.getR(), otherS));
    String forger = ((SignedRawTransaction) TransactionDecoder.decode(Numeric.toHexString(forged))).getFrom();
    assertNotEquals(sender.getAddress(), forger);
    assertError(
        client.reject(forged),
        -32000,
        "insufficient funds for gas * price + value: balance 0, cost " + ETHER.add(TRANSFER_GAS.multiply(maxFee)));

    // Unsigned: the EIP-155 signing payload (v = chain id, r = s = 0) sent as if it were signed.
    RawTransaction legacy =
        RawTransaction.createEtherTransaction(BigInteger.valueOf(nonce), GWEI.multiply(BigInteger.TWO), TRANSFER_GAS, to, ETHER);
    Response.Error unsigned = client.reject(TransactionEncoder.encode(legacy, CHAIN_ID));
    assertEquals(-32602, unsigned.getCode());
    assertTrue(unsigned.getMessage().startsWith("invalid params: invalid transaction: invalid signature"), unsigned.getMessage());

    assertUntouched(sender.getAddress(), before);
    assertEquals(BigInteger.ZERO, client.nonce(forger, PENDING));
  }

  @Test
  void rejectsNonceTooLowAndDuplicates() {
    Credentials sender = accounts.get(4);
    String to = "0x1000000000000000000000000000000000000005";
    BigInteger gasPrice = GWEI.multiply(BigInteger.TWO);
    long nonce = client.nonce(sender.getAddress(), PENDING).longValueExact();
    byte[] first = DevnetClient.legacyTransfer(sender, nonce, to, ETHER, gasPrice, CHAIN_ID);
    String hash = client.submit(first);
    assertError(client.reject(first), -32000, "already known: transaction " + hash);
    // The pool learns of a block right after it is committed; one block later it surely has.
    client.awaitHeadAbove(client.awaitReceipt(hash).getBlockNumber().longValueExact());

    AccountState before = state(sender.getAddress());
    assertEquals(BigInteger.valueOf(nonce + 1), before.latestNonce());
    assertError(
        client.reject(DevnetClient.legacyTransfer(sender, nonce, to, ETHER.add(BigInteger.ONE), gasPrice, CHAIN_ID)),
        -32000,
        "nonce too low: account " + sender.getAddress() + " has nonce " + (nonce + 1) + ", transaction has " + nonce);
    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsImpossibleGasSettings() {
    Credentials sender = accounts.get(9);
    AccountState before = state(sender.getAddress());
    BigInteger nonce = before.pendingNonce();
    String to = "0x100000000000000000000000000000000000000f";
    BigInteger maxFee = GWEI.multiply(BigInteger.TEN);
    RawTransaction tooLittleGas =
        RawTransaction.createEtherTransaction(CHAIN_ID, nonce, BigInteger.valueOf(20_000), to, ETHER, MIN_TIP, maxFee);
    assertError(
        client.reject(TransactionEncoder.signMessage(tooLittleGas, sender)),
        -32000,
        "intrinsic gas too low: gas limit 20000, intrinsic gas 21000");
    RawTransaction aboveBlock =
        RawTransaction.createEtherTransaction(CHAIN_ID, nonce, BigInteger.valueOf(300_000_001L), to, ETHER, MIN_TIP, maxFee);
    assertError(
        client.reject(TransactionEncoder.signMessage(aboveBlock, sender)),
        -32000,
        "exceeds block gas limit: transaction gas limit 300000001, block gas limit 300000000");
    RawTransaction tipAboveCap =
        RawTransaction.createEtherTransaction(CHAIN_ID, nonce, TRANSFER_GAS, to, ETHER, GWEI.multiply(BigInteger.valueOf(3)), GWEI.multiply(BigInteger.TWO));
    assertError(
        client.reject(TransactionEncoder.signMessage(tipAboveCap, sender)),
        -32000,
        "max priority fee per gas higher than max fee per gas: tip 3000000000, max fee 2000000000");
    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsInsufficientFunds() {
    Credentials sender = accounts.get(5);
    AccountState before = state(sender.getAddress());
    BigInteger maxFee = GWEI.multiply(BigInteger.valueOf(20));
    byte[] everything =
        DevnetClient.eip1559Transfer(
            sender, before.pendingNonce().longValueExact(), "0x1000000000000000000000000000000000000008",
            before.balance(), MIN_TIP, maxFee);
    assertError(
        client.reject(everything),
        -32000,
        "insufficient funds for gas * price + value: balance " + before.balance() + ", cost "
            + before.balance().add(TRANSFER_GAS.multiply(maxFee)));
    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsUnderpricedTip() {
    Credentials sender = accounts.get(5);
    AccountState before = state(sender.getAddress());
    long nonce = before.pendingNonce().longValueExact();
    String to = "0x1000000000000000000000000000000000000009";
    BigInteger halfGwei = GWEI.divide(BigInteger.TWO);
    assertError(
        client.reject(DevnetClient.eip1559Transfer(sender, nonce, to, ETHER, halfGwei, GWEI.multiply(BigInteger.TEN))),
        -32000,
        "transaction underpriced: tip 500000000 below the minimum 1000000000");
    assertError(
        client.reject(DevnetClient.legacyTransfer(sender, nonce, to, ETHER, halfGwei, CHAIN_ID)),
        -32000,
        "transaction underpriced: tip 500000000 below the minimum 1000000000");
    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsOversizedTransactionWithoutCalldata() {
    Credentials sender = accounts.get(8);
    AccountState before = state(sender.getAddress());
    // 4000 storage keys of 33 encoded bytes each: about 132 KB of access list, and no calldata.
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      keys.add(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(i + 1), 64));
    }
    RawTransaction tx =
        RawTransaction.createTransaction(
            CHAIN_ID, before.pendingNonce(), BigInteger.valueOf(8_000_000), "0x100000000000000000000000000000000000000a",
            BigInteger.ONE, "0x", MIN_TIP, GWEI.multiply(BigInteger.TEN),
            List.of(new AccessListObject("0x100000000000000000000000000000000000000b", keys)));
    byte[] signed = TransactionEncoder.signMessage(tx, sender);
    assertTrue(signed.length > MAX_TX_SIZE, "size " + signed.length);
    assertError(
        client.reject(signed),
        -32000,
        "oversized transaction: " + signed.length + " bytes, the limit is " + MAX_TX_SIZE);
    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsOversizedTransactionWithCalldataAsOversized() {
    Credentials sender = accounts.get(8);
    AccountState before = state(sender.getAddress());
    byte[] data = new byte[MAX_TX_SIZE + 1];
    Arrays.fill(data, (byte) 0x5a);
    RawTransaction tx =
        RawTransaction.createTransaction(
            CHAIN_ID, before.pendingNonce(), BigInteger.valueOf(3_000_000), "0x100000000000000000000000000000000000000c",
            BigInteger.ZERO, Numeric.toHexString(data), MIN_TIP, GWEI.multiply(BigInteger.TEN));
    byte[] signed = TransactionEncoder.signMessage(tx, sender);
    assertError(
        client.reject(signed),
        -32000,
        "oversized transaction: " + signed.length + " bytes, the limit is " + MAX_TX_SIZE);
    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsCalldataToAPlainAccountAndContractCreation() {
    Credentials sender = accounts.get(8);
    AccountState before = state(sender.getAddress());
    String plain = "0x100000000000000000000000000000000000000d";
    RawTransaction call =
        RawTransaction.createTransaction(
            CHAIN_ID, before.pendingNonce(), BigInteger.valueOf(50_000), plain, BigInteger.ZERO, "0xa9059cbb",
            MIN_TIP, GWEI.multiply(BigInteger.TEN));
    assertError(
        client.reject(TransactionEncoder.signMessage(call, sender)),
        -32000,
        "calldata to plain account " + plain
            + " is not accepted (there is no EVM); only native module addresses take calldata");
    RawTransaction create =
        RawTransaction.createContractTransaction(
            before.pendingNonce(), GWEI.multiply(BigInteger.TWO), BigInteger.valueOf(100_000), BigInteger.ZERO, "0x6000");
    assertError(
        client.reject(TransactionEncoder.signMessage(create, CHAIN_ID, sender)),
        -32000,
        "contract creation is not supported: Veritas has no EVM");
    assertUntouched(sender.getAddress(), before);
  }

  @Test
  void rejectsUnknownMethod() {
    JsonNode error = client.raw.call("eth_mine").get("error");
    assertEquals(-32601, error.get("code").asInt());
    assertEquals("the method eth_mine does not exist/is not available", error.get("message").asText());
    var viaWeb3j =
        DevnetClient.send(
            new Request<>("veritas_noSuchMethod", List.of(), client.service, EthBlockNumber.class));
    assertEquals(-32601, viaWeb3j.getError().getCode());
    assertEquals("the method veritas_noSuchMethod does not exist/is not available", viaWeb3j.getError().getMessage());
  }

  @Test
  void rejectsMalformedJsonWithParseError() {
    RawRpc.Reply reply = client.raw.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method");
    assertEquals(200, reply.status());
    JsonNode response = reply.json();
    assertTrue(response.get("id").isNull(), "id must be null when the request cannot be read: " + response);
    assertEquals(-32700, response.get("error").get("code").asInt());
    assertTrue(response.get("error").get("message").asText().startsWith("parse error"), response.toString());
  }

  @Test
  void refusesABodyAbove5MiBWithHttp413() {
    int limit = 5 * 1024 * 1024;
    StringBuilder body = new StringBuilder("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendRawTransaction\",\"params\":[\"0x");
    while (body.length() < limit + 16) {
      body.append("00");
    }
    body.append("\"]}");
    RawRpc.Reply reply = client.raw.post(body.toString());
    assertEquals(413, reply.status(), reply.body());
    assertTrue(client.head() >= 0, "the node still answers");
  }

  @Test
  void rejectsInvalidParams() {
    JsonNode notAnAddress = client.raw.call("eth_getBalance", 1, "latest").get("error");
    assertEquals(-32602, notAnAddress.get("code").asInt());
    assertEquals(
        "invalid params: param 0 (address) must be a 0x-prefixed hex string of 40 digits, got 1",
        notAnAddress.get("message").asText());
    JsonNode badBlock = client.raw.call("eth_getBlockByNumber", "0xzz", false).get("error");
    assertEquals(-32602, badBlock.get("code").asInt());
    assertTrue(badBlock.get("message").asText().contains("0xzz"), badBlock.toString());
    JsonNode notHex = client.raw.call("eth_sendRawTransaction", "0xnothex").get("error");
    assertEquals(-32602, notHex.get("code").asInt());
    assertTrue(notHex.get("message").asText().startsWith("invalid params: "), notHex.toString());
    JsonNode missing = client.raw.call("eth_getBalance").get("error");
    assertEquals(-32602, missing.get("code").asInt());
    assertTrue(missing.get("message").asText().contains("address"), missing.toString());
  }

  // ---------------------------------------------------------------- pending nonce (own, slower devnet)

  /**
   * With 3-second blocks, transactions sent right after a block stay pending long enough to observe them:
   * the "pending" nonce counts them, the "latest" one does not.
   */
  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithThreeSecondBlocks {
    private DevnetClient slowClient;

    @BeforeAll
    void awaitSlowDevnet() {
      slow.awaitReady();
      slowClient = new DevnetClient(slow);
    }

    @AfterAll
    void closeClient() {
      if (slowClient != null) {
        slowClient.close();
      }
    }

    @Test
    void pendingNonceCountsTransactionsNotYetIncluded() {
      Credentials sender = accounts.get(0);
      String address = sender.getAddress();
      String to = "0x2000000000000000000000000000000000000001";
      // Start right after a block so the next one is about 3 s away.
      long head = slowClient.awaitHeadAbove(slowClient.head());
      BigInteger latest = slowClient.nonce(address, LATEST);
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        hashes.add(
            slowClient.submit(
                DevnetClient.eip1559Transfer(
                    sender, latest.longValueExact() + i, to, ETHER, MIN_TIP, GWEI.multiply(BigInteger.TEN))));
      }
      BigInteger pending = slowClient.nonce(address, PENDING);
      BigInteger latestAgain = slowClient.nonce(address, LATEST);
      var pendingTx = ok(slowClient.web3j.ethGetTransactionByHash(hashes.get(2))).getTransaction().orElseThrow();
      assertEquals(head, slowClient.head(), "no block may have been sealed while the pending nonce was read");
      assertEquals(latest.add(BigInteger.valueOf(3)), pending);
      assertEquals(latest, latestAgain);
      assertNull(pendingTx.getBlockHash(), "a pending transaction has no block yet");
      assertEquals(BigInteger.valueOf(latest.longValueExact() + 2), pendingTx.getNonce());

      Set<String> blocks =
          hashes.stream().map(h -> slowClient.awaitReceipt(h)).map(TransactionReceipt::getBlockHash).collect(Collectors.toSet());
      assertEquals(1, blocks.size(), "the three transactions fit in one block");
      assertEquals(latest.add(BigInteger.valueOf(3)), slowClient.nonce(address, LATEST));
      assertEquals(latest.add(BigInteger.valueOf(3)), slowClient.nonce(address, PENDING));
      assertEquals(ETHER.multiply(BigInteger.valueOf(3)), slowClient.balance(to, LATEST));
      assertFalse(blocks.contains(null));
    }

    @Test
    void replacementNeedsATenPercentBumpAndThenWins() {
      Credentials sender = accounts.get(1);
      String to = "0x2000000000000000000000000000000000000002";
      BigInteger maxFee = GWEI.multiply(BigInteger.TEN);
      long head = slowClient.awaitHeadAbove(slowClient.head());
      long nonce = slowClient.nonce(sender.getAddress(), PENDING).longValueExact();
      String original = slowClient.submit(DevnetClient.eip1559Transfer(sender, nonce, to, ETHER, MIN_TIP, maxFee));
      BigInteger smallTip = new BigInteger("1050000000");
      assertError(
          slowClient.reject(DevnetClient.eip1559Transfer(sender, nonce, to, ETHER, smallTip, maxFee.add(GWEI))),
          -32000,
          "replacement transaction underpriced: replacing nonce " + nonce + " needs max fee at least 11000000000 and tip at"
              + " least 1100000000 (+10%), transaction has max fee 11000000000 and tip 1050000000");
      BigInteger bumpedTip = new BigInteger("1100000000");
      BigInteger bumpedFee = new BigInteger("11000000000");
      String replacement =
          slowClient.submit(DevnetClient.eip1559Transfer(sender, nonce, to, ETHER.add(BigInteger.ONE), bumpedTip, bumpedFee));
      assertEquals(head, slowClient.head(), "no block may have been sealed while the replacement was sent");
      assertTrue(ok(slowClient.web3j.ethGetTransactionByHash(original)).getTransaction().isEmpty(), "the original is gone");

      TransactionReceipt receipt = slowClient.awaitReceipt(replacement);
      assertEquals("0x1", receipt.getStatus());
      assertTrue(slowClient.receipt(original).isEmpty(), "the replaced transaction is never included");
      assertEquals(BigInteger.valueOf(nonce + 1), slowClient.nonce(sender.getAddress(), LATEST));
      assertEquals(ETHER.add(BigInteger.ONE), slowClient.balance(to, LATEST));
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static byte[] bytes32(BigInteger value) {
    return Numeric.toBytesPadded(value, 32);
  }

  /** The smallest x whose x³ + 7 is not a square mod p: no secp256k1 point has it as x-coordinate. */
  private static BigInteger xOfNoCurvePoint() {
    BigInteger legendreExponent = CURVE_P.subtract(BigInteger.ONE).shiftRight(1);
    for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
      BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(CURVE_P);
      if (!rhs.modPow(legendreExponent, CURVE_P).equals(BigInteger.ONE)) {
        return x;
      }
    }
  }
}
