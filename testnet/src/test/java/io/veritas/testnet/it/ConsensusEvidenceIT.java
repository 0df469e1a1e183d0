package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.Keccak256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * An equivocating validator on a real four-validator testnet (500 ms blocks): switched to double signing with the
 * testing-only {@code admin_faultEquivocate}, its twin votes are caught by the other validators, the evidence is
 * gossiped and included by a proposer, and the staking module slashes 5% of its stake (the testnet's
 * {@code doubleSignSlashBps} of 500) per height it double-signed, jails it and drops it from the active set; the three
 * others keep finalizing.
 */
class ConsensusEvidenceIT {
  private static final String STAKING = "0x0000000000000000000000000000000000001000";
  private static final BigInteger STAKE = new BigInteger("10000000000000000000000");
  private static final BigInteger SLASH_BPS = BigInteger.valueOf(500);

  @Test
  void anEquivocatingValidatorIsSlashedJailedAndLeavesTheActiveSet() throws Exception {
    try (LocalTestnet testnet = LocalTestnet.init("500ms")) {
      testnet.up();
      List<Integer> all = LocalTestnet.ALL;
      testnet.awaitHeight(all, 3, Duration.ofSeconds(60));
      int cheater = 3;
      String address = testnet.rpc(cheater, "veritas_consensusState", "[]").orElseThrow().get("validator").asText();
      List<BigInteger> before = validator(testnet, 0, address, "\"latest\"");
      assertEquals(STAKE, before.get(0), "stake before");
      assertEquals(BigInteger.ZERO, before.get(3), "jailedUntil before");
      assertEquals(BigInteger.ONE, before.get(6), "active before");
      assertTrue(activeSet(testnet, 0).contains(address), "in the active set before");

      assertTrue(testnet.rpc(cheater, "admin_faultEquivocate", "[true]").orElseThrow().asBoolean());
      Poll.until(Duration.ofSeconds(90), address + " slashed and jailed", () ->
          validator(testnet, 0, address, "\"latest\"").get(3).signum() > 0 ? Optional.of(true) : Optional.empty());
      testnet.rpc(cheater, "admin_faultEquivocate", "[false]");

      // Jailed in block H: out of the active set from H + 2.
      Poll.until(Duration.ofSeconds(30), address + " out of the active set", () ->
          activeSet(testnet, 0).contains(address) ? Optional.empty() : Optional.of(true));
      assertEquals(3, activeSet(testnet, 0).size());
      // Every height it double-signed before the switch went off may be punished once: 5% of what is left each time.
      String block = "0x" + Long.toHexString(testnet.height(0));
      List<BigInteger> after = validator(testnet, 0, address, "\"" + block + "\"");
      int slashes = slashedEvents(testnet, 0, address, block);
      assertTrue(slashes >= 1, "at least one Slashed event for " + address);
      BigInteger expected = STAKE;
      for (int i = 0; i < slashes; i++) {
        expected = expected.subtract(expected.multiply(SLASH_BPS).divide(BigInteger.valueOf(10_000)));
      }
      assertEquals(expected, after.get(0), "stake after " + slashes + " slash(es) of 5%");
      assertEquals(BigInteger.ZERO, after.get(6), "not active");

      List<Integer> honest = List.of(0, 1, 2);
      testnet.awaitHeight(honest, testnet.maxHeight(honest) + 3, Duration.ofSeconds(60));
      testnet.assertSameHashesOnSharedHeights(honest);
    }
  }

  /** {@code getValidator(address)}'s head words: stake, unbonding, withdrawableAt, jailedUntil, (vrfKey), power, active. */
  private static List<BigInteger> validator(LocalTestnet testnet, int node, String address, String blockParam) {
    Bytes out = call(testnet, node, "getValidator(address)", Bytes.fromHexString(address).toUnprefixedHexString(),
        blockParam);
    List<BigInteger> words = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      words.add(out.slice(32 * i, 32).toUnsignedBigInteger());
    }
    return words;
  }

  /** The addresses of {@code validators()}, lower-case 0x hex. */
  private static List<String> activeSet(LocalTestnet testnet, int node) {
    Bytes out = call(testnet, node, "validators()", "", "\"latest\"");
    int offset = out.slice(0, 32).toUnsignedBigInteger().intValueExact();
    int length = out.slice(offset, 32).toUnsignedBigInteger().intValueExact();
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      addresses.add(out.slice(offset + 32 + 32 * i + 12, 20).toHexString());
    }
    return addresses;
  }

  /** The staking module's Slashed events for {@code address} up to {@code block}. */
  private static int slashedEvents(LocalTestnet testnet, int node, String address, String block) {
    String topic = Keccak256.hash(Bytes.wrap("Slashed(address,uint64,uint256,bytes32)".getBytes(
        StandardCharsets.US_ASCII))).toHexString();
    String params = "[{\"address\":\"" + STAKING + "\",\"fromBlock\":\"0x0\",\"toBlock\":\"" + block
        + "\",\"topics\":[\"" + topic + "\"]}]";
    var logs = testnet.rpc(node, "eth_getLogs", params).orElseThrow(() -> new AssertionError("eth_getLogs failed"));
    int count = 0;
    for (var log : logs) {
      String data = log.get("data").asText() + log.get("topics").toString();
      if (data.toLowerCase(Locale.ROOT).contains(address.substring(2).toLowerCase(Locale.ROOT))) {
        count++;
      }
    }
    return count;
  }

  private static Bytes call(LocalTestnet testnet, int node, String signature, String argumentHex, String blockParam) {
    String selector = Keccak256.hash(Bytes.wrap(signature.getBytes(StandardCharsets.US_ASCII)))
        .slice(0, 4).toUnprefixedHexString();
    String argument = argumentHex.isEmpty() ? "" : "0".repeat(64 - argumentHex.length()) + argumentHex;
    String params = "[{\"to\":\"" + STAKING + "\",\"data\":\"0x" + selector + argument + "\"}," + blockParam + "]";
    return testnet.rpc(node, "eth_call", params).map(r -> Bytes.fromHexString(r.asText()))
        .orElseThrow(() -> new AssertionError("eth_call " + signature + " on node-" + node + " failed"));
  }
}
