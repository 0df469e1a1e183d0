package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * Issue 4's user story: a second node joins a running devnet with one flag (--bootnodes), syncs from genesis,
 * follows new blocks over gossip, answers eth_ queries exactly as the producer does, forwards a transaction
 * sent to it, and after a restart fills the gap by range sync.
 */
class NodeFollowIT {
  private static final Duration BLOCK_TIME = Duration.ofMillis(300);

  @Test
  void aSecondNodeJoinsWithOneFlagAndFollowsTheProducer() throws Exception {
    try (DevnetProcess producer = DevnetProcess.start("follow-producer", BLOCK_TIME)) {
      RawRpc producerRpc = new RawRpc(producer.httpUrl());
      JsonNode info = producerRpc.result("veritas_nodeInfo");
      String peerId = info.get("peerId").asText();
      String bootnode = info.get("listenAddrs").get(0).asText();
      assertTrue(bootnode.endsWith("/p2p/" + peerId), bootnode);
      assertEquals("0x1cbd", info.get("chainId").asText());
      // Let the producer get ahead, so the follower must range-sync before it can follow gossip.
      Poll.until(Duration.ofSeconds(30), "producer at block 10",
          () -> head(producerRpc) >= 10 ? Optional.of(true) : Optional.empty());

      try (DevnetProcess follower = DevnetProcess.follower("follow-node", bootnode, BLOCK_TIME)) {
        RawRpc followerRpc = new RawRpc(follower.httpUrl());
        long target = head(producerRpc) + 5;
        Poll.until(Duration.ofSeconds(60), "follower at block " + target,
            () -> head(followerRpc) >= target ? Optional.of(true) : Optional.empty());
        assertEquals("0x1", followerRpc.result("net_peerCount").asText());
        JsonNode peers = producerRpc.result("admin_peers");
        assertEquals(1, peers.size());
        assertEquals(followerRpc.result("veritas_nodeInfo").get("peerId").asText(), peers.get(0).get("peerId").asText());
        assertSameChain(producerRpc, followerRpc, target);

        // A transfer sent to the follower is gossiped to the producer, included, and seen by both.
        Credentials sender = DevAccounts.derive(3).get(2);
        String to = "0x00000000000000000000000000000000000f0110";
        byte[] raw = DevnetClient.eip1559Transfer(sender, 0, to, BigInteger.valueOf(12345),
            DevnetClient.GWEI.multiply(BigInteger.TWO), DevnetClient.GWEI.multiply(BigInteger.valueOf(50)));
        String hash = followerRpc.result("eth_sendRawTransaction", Numeric.toHexString(raw)).asText();
        JsonNode receipt = Poll.until(Duration.ofSeconds(30), "receipt on the producer", () -> {
          JsonNode r = producerRpc.result("eth_getTransactionReceipt", hash);
          return r == null || r.isNull() ? Optional.empty() : Optional.of(r);
        });
        assertEquals("0x1", receipt.get("status").asText());
        long included = Long.decode(receipt.get("blockNumber").asText());
        Poll.until(Duration.ofSeconds(30), "follower past the transfer",
            () -> head(followerRpc) >= included ? Optional.of(true) : Optional.empty());
        assertEquals(receipt, followerRpc.result("eth_getTransactionReceipt", hash));
        assertEquals("0x3039", followerRpc.result("eth_getBalance", to, "latest").asText());

        // Stopped, the follower falls behind; restarted, it syncs the gap and agrees again.
        follower.stop();
        long resumeFrom = head(producerRpc) + 8;
        Poll.until(Duration.ofSeconds(30), "producer 8 blocks further",
            () -> head(producerRpc) >= resumeFrom ? Optional.of(true) : Optional.empty());
        follower.restart();
        Poll.until(Duration.ofSeconds(60), "restarted follower at block " + resumeFrom,
            () -> head(followerRpc) >= resumeFrom ? Optional.of(true) : Optional.empty());
        assertSameChain(producerRpc, followerRpc, resumeFrom);
      }
    }
  }

  private static long head(RawRpc rpc) {
    return Long.decode(rpc.result("eth_blockNumber").asText());
  }

  /** Every block 0..upTo has the same hash, state root and transactions on both nodes. */
  private static void assertSameChain(RawRpc a, RawRpc b, long upTo) {
    for (long n = 0; n <= upTo; n++) {
      String tag = RawRpc.hex(n);
      JsonNode blockA = a.result("eth_getBlockByNumber", tag, false);
      JsonNode blockB = b.result("eth_getBlockByNumber", tag, false);
      for (String field : List.of("hash", "stateRoot", "transactionsRoot", "receiptsRoot", "parentHash", "timestamp")) {
        assertEquals(blockA.get(field), blockB.get(field), "block " + n + " " + field);
      }
    }
  }
}
