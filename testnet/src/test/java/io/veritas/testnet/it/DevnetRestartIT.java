package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Stops a devnet in the middle of a stream of transfers and starts it again on the same data directory: after
 * SIGTERM nothing acknowledged is lost, after SIGKILL nothing a client saw in a block is lost.
 */
class DevnetRestartIT {
  private static final int SENDERS = 5;
  private static final Pattern SAVED = Pattern.compile("tx pool saved: transactions=(\\d+)");
  private static final Pattern RESTORED = Pattern.compile("tx pool restored: accepted=(\\d+) of=(\\d+)");

  /** What a client saw of a block before the node went down. */
  private record SeenBlock(long number, String hash, String stateRoot, List<String> transactions) {}

  @Test
  void sigtermMidStreamLosesNoAcknowledgedTransaction() throws Exception {
    List<Credentials> accounts = DevAccounts.derive(SENDERS);
    try (DevnetProcess devnet = DevnetProcess.start("restart-sigterm", Duration.ofMillis(500))) {
      SeenBlock genesis;
      SeenBlock lastSeen;
      TransferStream stream = new TransferStream(devnet.httpUrl(), accounts);
      try (DevnetClient client = new DevnetClient(devnet)) {
        genesis = seen(client, 0);
        stream.start();
        awaitStreamInBlocks(client, stream, 300);
        lastSeen = seen(client, client.head());
        // SIGTERM while the stream is still sending.
        stream.expectNodeToGo();
        int exit = devnet.stop();
        assertEquals(143, exit, "a JVM ended by SIGTERM after its shutdown hooks exits with 128 + 15\n" + devnet.logTail());
      }
      stream.join();
      assertTrue(stream.rejection().isEmpty(), "the node rejected a valid transfer: " + stream.rejection().orElse(""));
      assertTrue(devnet.log().contains("node stopped: head="), "a clean stop is logged\n" + devnet.logTail());
      int saved = savedJournalSize(devnet.log());

      devnet.restart();
      try (DevnetClient client = new DevnetClient(devnet)) {
        Matcher restored = RESTORED.matcher(devnet.log());
        assertTrue(restored.find(), "the journal reload is logged\n" + devnet.logTail());
        assertEquals(saved + " of " + saved, restored.group(1) + " of " + restored.group(2), "journal entries re-admitted");

        assertEquals(genesis, seen(client, 0), "genesis block unchanged");
        assertEquals(lastSeen, seen(client, lastSeen.number()), "the last block seen before the stop is unchanged");

        List<TransferStream.Acked> acked = stream.acked();
        assertTrue(acked.size() >= 300, "acknowledged " + acked.size());
        for (TransferStream.Acked tx : acked) {
          TransactionReceipt receipt = client.awaitReceipt(tx.hash());
          assertEquals("0x1", receipt.getStatus(), tx.hash());
          assertEquals(accounts.get(tx.sender()).getAddress(), receipt.getFrom(), tx.hash());
        }
        assertSendersAndRecipientsExact(client, stream, accounts);

        long head = client.head();
        client.awaitHeadAbove(head + 1);
        assertLinked(client, lastSeen.number(), head + 2);
      }
    }
  }

  /** Reported to the lead; the test below is disabled until main code is fixed. */

  @Test
  void sigtermKeepsTransactionsQueuedBehindANonceGap() throws Exception {
    Credentials sender = DevAccounts.derive(1).get(0);
    String to = "0x3000000000000000000000000000000000000099";
    try (DevnetProcess devnet = DevnetProcess.start("restart-queued", Duration.ofMillis(200))) {
      String queued;
      try (DevnetClient client = new DevnetClient(devnet)) {
        // Nonce 1 while the account's nonce is 0: acknowledged, and waits in the pool for nonce 0.
        queued =
            client.submit(
                DevnetClient.eip1559Transfer(sender, 1, to, TransferStream.VALUE, DevnetClient.GWEI, DevnetClient.GWEI.multiply(BigInteger.TEN)));
        long head = client.head();
        client.awaitHeadAbove(head + 1);
        assertTrue(client.receipt(queued).isEmpty(), "a transaction behind a nonce gap is not included");
        assertEquals(BigInteger.ZERO, client.nonce(sender.getAddress(), DefaultBlockParameterName.PENDING));
      }
      assertEquals(143, devnet.stop(), devnet.logTail());

      devnet.restart();
      try (DevnetClient client = new DevnetClient(devnet)) {
        String gapFiller =
            client.submit(
                DevnetClient.eip1559Transfer(sender, 0, to, TransferStream.VALUE, DevnetClient.GWEI, DevnetClient.GWEI.multiply(BigInteger.TEN)));
        assertEquals("0x1", client.awaitReceipt(gapFiller).getStatus());
        assertEquals("0x1", client.awaitReceipt(queued).getStatus(), "the queued transaction survived the restart");
        assertEquals(BigInteger.TWO, client.nonce(sender.getAddress(), DefaultBlockParameterName.LATEST));
        assertEquals(TransferStream.VALUE.multiply(BigInteger.TWO), client.balance(to, DefaultBlockParameterName.LATEST));
      }
    }
  }

  @Test
  void sigkillKeepsEveryBlockAClientSaw() throws Exception {
    List<Credentials> accounts = DevAccounts.derive(SENDERS);
    try (DevnetProcess devnet = DevnetProcess.start("restart-sigkill", Duration.ofMillis(300))) {
      Map<Long, SeenBlock> seen = new LinkedHashMap<>();
      TransferStream stream = new TransferStream(devnet.httpUrl(), accounts);
      try (DevnetClient client = new DevnetClient(devnet)) {
        stream.start();
        Poll.until(Duration.ofSeconds(60), "300 transfers in blocks reported by the node", () -> {
          recordNewBlocks(client, seen);
          long included = seen.values().stream().mapToLong(b -> b.transactions().size()).sum();
          return included >= 300 ? Optional.of(included) : Optional.empty();
        });
        recordNewBlocks(client, seen);
        stream.expectNodeToGo();
        int exit = devnet.kill();
        assertEquals(137, exit, "a process ended by SIGKILL exits with 128 + 9");
      }
      stream.join();
      assertTrue(stream.rejection().isEmpty(), "the node rejected a valid transfer: " + stream.rejection().orElse(""));

      devnet.restart();
      try (DevnetClient client = new DevnetClient(devnet)) {
        long lastSeen = 0;
        for (SeenBlock block : seen.values()) {
          assertEquals(block, seen(client, block.number()), "block " + block.number() + " after SIGKILL and restart");
          for (String tx : block.transactions()) {
            TransactionReceipt receipt = client.receipt(tx).orElseThrow(() -> new AssertionError("receipt of " + tx));
            assertEquals(block.hash(), receipt.getBlockHash(), tx);
            assertEquals("0x1", receipt.getStatus(), tx);
          }
          lastSeen = Math.max(lastSeen, block.number());
        }
        // Nonces match the transfers in the chain: no sender skipped or repeated one.
        long head = client.awaitHeadAbove(client.head());
        long[] included = new long[SENDERS];
        for (long n = 1; n <= head; n++) {
          for (var tx : client.block(n, true).getTransactions()) {
            String from = ((EthBlock.TransactionObject) tx).getFrom();
            for (int i = 0; i < SENDERS; i++) {
              if (accounts.get(i).getAddress().equals(from)) {
                assertEquals(BigInteger.valueOf(included[i]), ((EthBlock.TransactionObject) tx).getNonce(), "nonce order of " + from);
                included[i]++;
              }
            }
          }
        }
        for (int i = 0; i < SENDERS; i++) {
          assertEquals(
              BigInteger.valueOf(included[i]),
              client.nonce(accounts.get(i).getAddress(), DefaultBlockParameterName.LATEST), "nonce of sender " + i);
          assertEquals(
              TransferStream.VALUE.multiply(BigInteger.valueOf(included[i])),
              client.balance(stream.recipient(i), head), "balance of recipient " + i + " at block " + head);
        }
        client.awaitHeadAbove(head + 1);
        assertLinked(client, lastSeen, head + 2);
      }
    }
  }

  /** Waits until the stream has {@code count} acknowledged transfers and the first of them is in a block. */
  private static void awaitStreamInBlocks(DevnetClient client, TransferStream stream, int count) {
    Poll.until(Duration.ofSeconds(60), count + " acknowledged transfers", () -> {
      assertTrue(stream.rejection().isEmpty(), "the node rejected a valid transfer: " + stream.rejection().orElse(""));
      return stream.ackedCount() >= count ? Optional.of(true) : Optional.empty();
    });
    client.awaitReceipt(stream.acked().get(0).hash());
  }

  /**
   * Each sender's nonce is the number of its transfers in the chain: all acknowledged ones, plus the one in
   * flight at the stop if the node admitted it before closing. Each recipient holds exactly what was sent.
   */
  private static void assertSendersAndRecipientsExact(
      DevnetClient client, TransferStream stream, List<Credentials> accounts) {
    String inFlight = stream.unacknowledged().orElse(null);
    boolean inFlightIncluded = inFlight != null && client.receipt(inFlight).isPresent();
    long total = 0;
    for (int i = 0; i < SENDERS; i++) {
      BigInteger nonce = client.nonce(accounts.get(i).getAddress(), DefaultBlockParameterName.LATEST);
      long expected = stream.ackedNonces(i);
      if (inFlightIncluded && nonce.longValueExact() == expected + 1) {
        expected++;
        inFlightIncluded = false;
      }
      assertEquals(BigInteger.valueOf(expected), nonce, "nonce of sender " + i);
      assertEquals(
          TransferStream.VALUE.multiply(BigInteger.valueOf(expected)),
          client.balance(stream.recipient(i), DefaultBlockParameterName.LATEST), "balance of recipient " + i);
      total += expected;
    }
    assertTrue(!inFlightIncluded, "the in-flight transaction " + inFlight + " is included but no sender's nonce shows it");
    assertTrue(total >= stream.ackedCount(), "transfers in the chain " + total + " < acknowledged " + stream.ackedCount());
  }

  /** Blocks {@code from}..{@code to} exist with consecutive numbers, each naming the previous as parent. */
  private static void assertLinked(DevnetClient client, long from, long to) {
    EthBlock.Block previous = client.block(from, false);
    for (long n = from + 1; n <= to; n++) {
      EthBlock.Block block = client.block(n, false);
      assertEquals(BigInteger.valueOf(n), block.getNumber());
      assertEquals(previous.getHash(), block.getParentHash(), "parent of block " + n);
      previous = block;
    }
  }

  private static void recordNewBlocks(DevnetClient client, Map<Long, SeenBlock> seen) {
    long head = client.head();
    for (long n = seen.size() + 1L; n <= head; n++) {
      seen.put(n, seen(client, n));
    }
  }

  private static SeenBlock seen(DevnetClient client, long number) {
    EthBlock.Block block = client.block(number, false);
    List<String> txs = new ArrayList<>();
    block.getTransactions().forEach(t -> txs.add((String) t.get()));
    return new SeenBlock(block.getNumber().longValueExact(), block.getHash(), block.getStateRoot(), txs);
  }

  private static int savedJournalSize(String log) {
    Matcher saved = SAVED.matcher(log);
    assertTrue(saved.find(), "the pool journal is written on SIGTERM\n" + log);
    return Integer.parseInt(saved.group(1));
  }
}
