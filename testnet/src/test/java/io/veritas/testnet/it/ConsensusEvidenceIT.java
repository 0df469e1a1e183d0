package io.veritas.testnet.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.Keccak256;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.junit.jupiter.api.Test;

/**
 * An equivocating validator on a real four-validator testnet (500 ms blocks): switched to double signing with the
 * testing-only {@code admin_faultEquivocate}, its twin votes are caught by the other validators, the evidence is
 * gossiped and included by a proposer, and the staking module slashes 5% of its stake (the testnet's
 * {@code doubleSignSlashBps} of 500), jails it and drops it from the active set; the three others keep finalizing.
 */
class ConsensusEvidenceIT {
  private static final String STAKING = "0x0000000000000000000000000000000000001000";
  private static final BigInteger STAKE = new BigInteger("10000000000000000000000");
  private static final BigInteger SLASHED_STAKE = STAKE.subtract(STAKE.multiply(BigInteger.valueOf(500)).divide(BigInteger.valueOf(10_000)));

  @Test
  void anEquivocatingValidatorIsSlashedJailedAndLeavesTheActiveSet() throws Exception {
    try (LocalTestnet testnet = LocalTestnet.init("500ms")) {
      testnet.up();
      List<Integer> all = LocalTestnet.ALL;
      testnet.awaitHeight(all, 3, Duration.ofSeconds(60));
      int cheater = 3;
      String address = testnet.rpc(cheater, "veritas_consensusState", "[]").orElseThrow().get("validator").asText();
      List<BigInteger> before = validator(testnet, 0, address);
      assertEquals(STAKE, before.get(0), "stake before");
      assertEquals(BigInteger.ZERO, before.get(3), "jailedUntil before");
      assertEquals(BigInteger.ONE, before.get(6), "active before");
      assertTrue(activeSet(testnet, 0).contains(address), "in the active set before");

      assertTrue(testnet.rpc(cheater, "admin_faultEquivocate", "[true]").orElseThrow().asBoolean());
      List<BigInteger> after = Poll.until(Duration.ofSeconds(90), address + " slashed and jailed", () -> {
        List<BigInteger> now = validator(testnet, 0, address);
        return now.get(3).signum() > 0 ? Optional.of(now) : Optional.empty();
      });
      assertEquals(SLASHED_STAKE, after.get(0), "5% of the stake burned");
      testnet.rpc(cheater, "admin_faultEquivocate", "[false]");

      // Jailed in block H: out of the active set from H + 2.
      Poll.until(Duration.ofSeconds(30), address + " out of the active set", () ->
          activeSet(testnet, 0).contains(address) ? Optional.empty() : Optional.of(true));
      assertEquals(3, activeSet(testnet, 0).size());
      assertEquals(BigInteger.ZERO, validator(testnet, 0, address).get(6), "not active");

      List<Integer> honest = List.of(0, 1, 2);
      testnet.awaitHeight(honest, testnet.maxHeight(honest) + 3, Duration.ofSeconds(60));
      testnet.assertSameHashesOnSharedHeights(honest);
    }
  }

  /** {@code getValidator(address)}'s head words: stake, unbonding, withdrawableAt, jailedUntil, (vrfKey), power, active. */
  private static List<BigInteger> validator(LocalTestnet testnet, int node, String address) {
    Bytes out = call(testnet, node, "getValidator(address)", Bytes.fromHexString(address).toUnprefixedHexString());
    List<BigInteger> words = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      words.add(out.slice(32 * i, 32).toUnsignedBigInteger());
    }
    return words;
  }

  /** The addresses of {@code validators()}, lower-case 0x hex. */
  private static List<String> activeSet(LocalTestnet testnet, int node) {
    Bytes out = call(testnet, node, "validators()", "");
    int offset = out.slice(0, 32).toUnsignedBigInteger().intValueExact();
    int length = out.slice(offset, 32).toUnsignedBigInteger().intValueExact();
    List<String> addresses = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      addresses.add(out.slice(offset + 32 + 32 * i + 12, 20).toHexString());
    }
    return addresses;
  }

  private static Bytes call(LocalTestnet testnet, int node, String signature, String argumentHex) {
    String selector = Keccak256.hash(Bytes.wrap(signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .slice(0, 4).toUnprefixedHexString();
    String argument = argumentHex.isEmpty() ? "" : "0".repeat(64 - argumentHex.length()) + argumentHex;
    String params = "[{\"to\":\"" + STAKING + "\",\"data\":\"0x" + selector + argument + "\"},\"latest\"]";
    return testnet.rpc(node, "eth_call", params).map(r -> Bytes.fromHexString(r.asText()))
        .orElseThrow(() -> new AssertionError("eth_call " + signature + " on node-" + node + " failed"));
  }
}
