package io.veritas.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.types.Address;
import io.veritas.market.rewards.ModelCostFactors;
import io.veritas.market.rewards.RewardsParameters;
import io.veritas.market.rules.MarketParameters;
import io.veritas.verifier.rules.VerifierParameters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class GenesisParserTest {
  private static final String VALID = """
      {
        "name": "mini", "chainId": 99, "timestamp": 1000,
        "parameters": { "blockGasLimit": 30000000, "initialBaseFeePerGas": "0x3b9aca00",
                        "minBaseFeePerGas": "1", "maxBlockTransactions": 100, "blockTimeMillis": 500 },
        "alloc": { "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": { "balance": "123456789012345678901234567890" } },
        "validators": [ { "address": "0xBcd4042DE499D14e55001CcbB24a551F3b954096", "power": 10 } ]
      }""";

  @Test
  void parsesEveryField() throws InvalidGenesisException {
    Genesis g = GenesisParser.parse(VALID, "test");
    assertEquals("mini", g.name());
    assertEquals(99, g.chainId());
    assertEquals(1000, g.timestamp());
    assertEquals(30_000_000, g.parameters().blockGasLimit());
    assertEquals(UInt256.valueOf(1_000_000_000L), g.parameters().initialBaseFee());
    assertEquals(UInt256.ONE, g.parameters().minBaseFee());
    assertEquals(100, g.parameters().maxBlockTransactions());
    assertEquals(Duration.ofMillis(500), g.blockTime());
    assertEquals(UInt256.valueOf(new java.math.BigInteger("123456789012345678901234567890")),
        g.alloc().get(Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")));
    assertEquals(List.of(new GenesisValidator(Address.fromHex("0xBcd4042DE499D14e55001CcbB24a551F3b954096"), 10)), g.validators());
  }

  @Test
  void bundledDevnetFundsTheTenDevelopmentAccountsAndFourProvidersAndHasAMarket() throws InvalidGenesisException {
    Genesis g = GenesisParser.bundled("devnet");
    assertEquals(7357, g.chainId());
    assertEquals(14, g.alloc().size());
    UInt256 tenThousandEth = UInt256.valueOf(new java.math.BigInteger("10000000000000000000000"));
    assertEquals(tenThousandEth, g.alloc().get(Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")));
    assertEquals(tenThousandEth, g.alloc().get(Address.fromHex("0xa0Ee7A142d267C1f36714E4a8F75612F20a79720")));
    assertEquals(tenThousandEth, g.alloc().get(Address.fromHex("0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097")), "provider key 14");
    assertEquals(Duration.ofSeconds(1), g.blockTime());
    assertEquals(Optional.of(new MarketParameters(UInt256.valueOf(new java.math.BigInteger("100000000000000000000")), 256, 4096, 20, 30, 100, 8,
        UInt256.valueOf(new java.math.BigInteger("1000000000000000000")))), g.market());
    assertEquals(Optional.of(new VerifierParameters(500, 2_000, 20, 2, 3, 2, 10, 10, 5_000, 5_000)), g.verifier());
    assertEquals(Optional.of(new RewardsParameters(60, UInt256.valueOf(new java.math.BigInteger("10000000000000000000")), 2_000,
        ModelCostFactors.UNIFORM)), g.rewards());
  }

  @Test
  void reportsEachBadMarketParameterByName() {
    String json = """
        {"name": "m", "chainId": 5, "timestamp": 0,
         "parameters": {"blockGasLimit": 30000000, "initialBaseFeePerGas": "1", "minBaseFeePerGas": "1",
                        "maxBlockTransactions": 10, "blockTimeMillis": 1000},
         "alloc": {}, "validators": [{"address": "0xBcd4042DE499D14e55001CcbB24a551F3b954096", "power": 1}],
         "market": {"minProviderBond": "10", "maxTokensPerJob": 0, "maxPromptBytes": 10, "resultTimeoutBlocks": 5,
                    "challengeWindowBlocks": 5, "unbondingBlocks": 5, "providerCapacity": 1, "timeoutPenalty": "11",
                    "tip": 1}}
        """;
    InvalidGenesisException e = assertThrows(InvalidGenesisException.class, () -> GenesisParser.parse(json, "test"));
    assertEquals(List.of(
        "market.tip: unknown field (known: challengeWindowBlocks, maxPromptBytes, maxTokensPerJob, minProviderBond, providerCapacity, "
            + "resultTimeoutBlocks, timeoutPenalty, unbondingBlocks)",
        "market.maxTokensPerJob: must be positive, got 0",
        "market, verifier, rewards: a chain has all three compute modules or none; this genesis has only market"), e.problems());
  }

  @Test
  void theGenesisHashesAreStable() throws InvalidGenesisException {
    Genesis g = GenesisParser.bundled("devnet");
    // keccak256(RLP([[0xbcd4…4096, 1]])) and keccak256("veritas-genesis-beacon" ‖ 7357): pinned so a format change is seen.
    assertEquals("0x754754ad3abcee79b4fc97aae92965d257d2a28d6d2ba65f8020d1eccc0fd152", g.validatorsHash().toHexString());
    assertEquals("0x7f452c29696a8e126d9d651c5da2105da386da6ae053dc7c46585c579700ea95", g.initialBeacon().toHexString());
  }

  @Test
  void reportsEveryProblemAtOnceNamingTheField() {
    String bad = """
        { "name": "", "chainId": 0, "timestamp": -5, "colour": "blue",
          "parameters": { "blockGasLimit": 100, "initialBaseFeePerGas": "abc", "minBaseFeePerGas": "1",
                          "maxBlockTransactions": 1, "blockTimeMillis": 1000 },
          "alloc": { "0x1234": { "balance": "1" }, "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": { "balance": "-1" } },
          "validators": [] }""";
    var e = assertThrows(InvalidGenesisException.class, () -> GenesisParser.parse(bad, "bad.json"));
    assertEquals(List.of(
        "colour: unknown field (known: alloc, chainId, market, name, parameters, rewards, timestamp, validators, verifier)",
        "name: missing (a non-empty string)",
        "chainId: must be positive, got 0",
        "timestamp: -5 is outside 0 .. 2^256-1",
        "parameters.initialBaseFeePerGas: 'abc' is not a decimal or 0x-hex integer",
        "parameters.blockGasLimit: 100 is below the 21000 gas of one transfer",
        "alloc key '0x1234': '0x1234' is not a 0x-prefixed 40-hex-digit address",
        "alloc.0x70997970C51812dc3A010C7d01b50e0d17dc79C8.balance: -1 is outside 0 .. 2^256-1",
        "validators: missing or empty (a list of {\"address\": ..., \"power\": ...})"), e.problems());
    assertEquals(true, e.getMessage().startsWith("invalid genesis bad.json:\n  - colour: unknown field"));
  }

  @Test
  void reportsMalformedJsonWithItsPosition() {
    var e = assertThrows(InvalidGenesisException.class, () -> GenesisParser.parse("{\n \"chainId\": 7,,\n}", "broken.json"));
    assertEquals(1, e.problems().size());
    assertEquals(true, e.problems().get(0).startsWith("not valid JSON: "), e.problems().get(0));
    assertEquals(true, e.problems().get(0).endsWith("(line 2, column 15)"), e.problems().get(0));
  }

  @Test
  void reportsAMissingFile() {
    var e = assertThrows(InvalidGenesisException.class, () -> GenesisParser.parse(Path.of("/nonexistent/genesis.json")));
    assertEquals("invalid genesis /nonexistent/genesis.json:\n  - file not found", e.getMessage());
  }

  @Test
  void rejectsAnUnknownBundledName() {
    var e = assertThrows(InvalidGenesisException.class, () -> GenesisParser.bundled("mainnet"));
    assertEquals(List.of("no bundled genesis named 'mainnet' (bundled: devnet, testnet)"), e.problems());
  }
}
