package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code veritas testnet init / up / status / down} from the packaged distribution: four real validator processes on
 * 127.0.0.1 running BFT consensus. Checks through JSON-RPC that every node reports the same block hash at every
 * height, that three of four validators keep finalizing after {@code kill -9} of the fourth, and that the restarted
 * validator catches up onto the same chain.
 */
class TestnetIT {
  @Test
  void fourValidatorsAgreeSurviveAKilledValidatorAndItCatchesUp() throws Exception {
    try (LocalTestnet testnet = LocalTestnet.init("500ms")) {
      testnet.up();
      List<Integer> all = LocalTestnet.ALL;
      testnet.awaitHeight(all, 5, Duration.ofSeconds(60));
      testnet.assertSameHashes(all, 1, 5);

      JsonNode status = LocalTestnet.MAPPER.readTree(testnet.status().out());
      assertEquals(LocalTestnet.VALIDATORS, status.size());
      for (JsonNode node : status) {
        assertTrue(node.get("alive").asBoolean(), node.toString());
        assertTrue(node.get("height").asLong() >= 5, node.toString());
        assertTrue(node.get("peers").asLong() >= 1, node.toString());
        assertTrue(node.has("round"), node.toString());
      }

      // kill -9 one validator: the other three hold 3/4 > 2/3 of the power and continue.
      testnet.kill(3);
      List<Integer> survivors = List.of(0, 1, 2);
      long atKill = testnet.minHeight(survivors);
      testnet.awaitHeight(survivors, atKill + 5, Duration.ofSeconds(40));
      testnet.assertSameHashes(survivors, 1, atKill + 5);

      // Restart it: it syncs what it missed and votes again.
      testnet.up();
      long target = testnet.minHeight(survivors) + 3;
      testnet.awaitHeight(all, target, Duration.ofSeconds(60));
      testnet.assertSameHashes(all, 1, target);

      testnet.down();
      for (int i : all) {
        assertFalse(Files.exists(testnet.dir().resolve("node-" + i + "/pid")), "pid file of node-" + i + " removed");
      }
    }
  }
}
