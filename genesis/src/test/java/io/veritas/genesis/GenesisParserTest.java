package io.veritas.genesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.types.Address;
import io.veritas.consensus.staking.StakingModule;
import io.veritas.consensus.staking.StakingParameters;
import io.veritas.consensus.staking.StakingState;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
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
  private static final UInt256 ETH = UInt256.valueOf(1_000_000_000_000_000_000L);
  /** The VRF key derived from the devnet validator's key (development account 10). */
  private static final String DEVNET_VRF_KEY = "0x026560a20208fe3e7df48ea45cba7c3ddcf8312f34ffb825bd308c58ca24920d87";
  private static final String VALID = """
      {
        "name": "mini", "chainId": 99, "timestamp": 1000,
        "parameters": { "blockGasLimit": 30000000, "initialBaseFeePerGas": "0x3b9aca00",
                        "minBaseFeePerGas": "1", "maxBlockTransactions": 100, "blockTimeMillis": 500 },
        "alloc": { "0x70997970C51812dc3A010C7d01b50e0d17dc79C8": { "balance": "123456789012345678901234567890" } },
        "validators": [ { "address": "0xBcd4042DE499D14e55001CcbB24a551F3b954096", "stake": "20000000000000000000",
                          "vrfKey": "0x026560a20208fe3e7df48ea45cba7c3ddcf8312f34ffb825bd308c58ca24920d87" } ],
        "staking": {"minStake": "10000000000000000000", "maxValidators": 4, "unbondingBlocks": 10, "evidenceMaxAgeBlocks": 5,
                    "doubleSignSlashBps": 500, "jailBlocks": "forever"}
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
    assertEquals(List.of(new GenesisValidator(Address.fromHex("0xBcd4042DE499D14e55001CcbB24a551F3b954096"),
        ETH.multiply(20), Bytes.fromHexString(DEVNET_VRF_KEY))), g.validators());
    assertEquals(20_000_000_000L, g.validators().get(0).power());
    assertEquals(new StakingParameters(ETH.multiply(10), 4, 10, 5, 500, StakingParameters.JAIL_FOREVER),
        g.staking());
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
    assertEquals(Optional.of(new MarketParameters(UInt256.valueOf(new java.math.BigInteger("100000000000000000000")), 256, 4096, 60, 30, 100, 8,
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
         "alloc": {}, "validators": [{"address": "0xBcd4042DE499D14e55001CcbB24a551F3b954096", "stake": "20000000000000000000",
                                     "vrfKey": "0x026560a20208fe3e7df48ea45cba7c3ddcf8312f34ffb825bd308c58ca24920d87"}],
         "staking": {"minStake": "10000000000000000000", "maxValidators": 4, "unbondingBlocks": 10, "evidenceMaxAgeBlocks": 5,
                    "doubleSignSlashBps": 500, "jailBlocks": "forever"},
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
    // keccak256(RLP([[0xbcd4…4096, 10^13, vrfKey]])) and keccak256("veritas-genesis-beacon" ‖ 7357): pinned so a format change is seen.
    assertEquals(Keccak256.hash(Bytes.concatenate(Bytes.fromHexString("0xf840f83e94"),
        Address.fromHex("0xBcd4042DE499D14e55001CcbB24a551F3b954096").bytes(), Bytes.fromHexString("0x8609184e72a000a1"),
        Bytes.fromHexString(DEVNET_VRF_KEY))), g.validatorsHash());
    assertEquals("0x4563dad7894cdfac95a21fd0e88723e9f78f16b78ae4357d667f7446f3f43593", g.validatorsHash().toHexString());
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
        "colour: unknown field (known: alloc, chainId, market, name, parameters, rewards, staking, timestamp, validators, verifier)",
        "name: missing (a non-empty string)",
        "chainId: must be positive, got 0",
        "timestamp: -5 is outside 0 .. 2^256-1",
        "parameters.initialBaseFeePerGas: 'abc' is not a decimal or 0x-hex integer",
        "parameters.blockGasLimit: 100 is below the 21000 gas of one transfer",
        "alloc key '0x1234': '0x1234' is not a 0x-prefixed 40-hex-digit address",
        "alloc.0x70997970C51812dc3A010C7d01b50e0d17dc79C8.balance: -1 is outside 0 .. 2^256-1",
        "staking: missing (an object with doubleSignSlashBps, evidenceMaxAgeBlocks, jailBlocks, maxValidators, minStake, unbondingBlocks)",
        "validators: missing or empty (a list of {\"address\": ..., \"stake\": ..., \"vrfKey\": ...})"), e.problems());
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

  @Test
  void devnetValidatorStakesWithTheVrfKeyDerivedFromItsAccountKey() throws InvalidGenesisException {
    Genesis g = GenesisParser.bundled("devnet");
    KeyPair account10 = KeyPair.fromSecret(Bytes32.fromHexString("0xf214f2b2cd398c806f84e317254e0f0b801d0643303237d97a22a48e01628897"));
    GenesisValidator validator = g.validators().get(0);
    assertEquals(account10.address(), validator.address());
    assertEquals(Bytes.wrap(VrfKeyDerivation.fromValidatorSecret(account10.secretKey().toArray()).publicKey()), validator.vrfKey());
    assertEquals(UInt256.valueOf(new java.math.BigInteger("10000000000000000000000")), validator.stake());
    assertEquals(new StakingParameters(UInt256.valueOf(new java.math.BigInteger("1000000000000000000000")), 100, 120, 60, 500, 600),
        g.staking());
  }

  @Test
  void genesisStateHoldsTheStakesAndTheFirstValidatorSet() throws InvalidGenesisException {
    Genesis g = GenesisParser.parse(VALID, "test");
    WorldState state = WorldState.empty(new InMemoryKeyValueStore());
    g.definition().allocation().accept(state);
    assertEquals(g.initialValidatorSet(), StakingState.validatorSetAt(state, 1));
    assertEquals(ETH.multiply(20), state.balance(StakingModule.ADDRESS));
    assertEquals(ETH.multiply(20),
        StakingState.of(state).validator(Address.fromHex("0xBcd4042DE499D14e55001CcbB24a551F3b954096")).orElseThrow().stake());
  }

  @Test
  void reportsEachBadValidatorAndStakingFieldByName() {
    String json = """
        {"name": "s", "chainId": 5, "timestamp": 0,
         "parameters": {"blockGasLimit": 30000000, "initialBaseFeePerGas": "1", "minBaseFeePerGas": "1",
                        "maxBlockTransactions": 10, "blockTimeMillis": 1000},
         "alloc": {},
         "validators": [{"address": "0xBcd4042DE499D14e55001CcbB24a551F3b954096", "power": 1},
                        {"address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "stake": "9", "vrfKey": "0x02ffff"},
                        {"address": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "stake": "10000000000000000000",
                         "vrfKey": "%s"}],
         "staking": {"minStake": "10000000000000000000", "maxValidators": 2, "unbondingBlocks": 5, "evidenceMaxAgeBlocks": 5,
                     "doubleSignSlashBps": 500, "jailBlocks": 10}}
        """.formatted(DEVNET_VRF_KEY);
    InvalidGenesisException e = assertThrows(InvalidGenesisException.class, () -> GenesisParser.parse(json, "test"));
    assertEquals(List.of(
        "staking: unbondingBlocks (5) must exceed evidenceMaxAgeBlocks (5): stake must stay slashable as long as evidence against it is accepted",
        "validators[0].power: validators no longer take a power: give \"stake\" (wei; power = stake in gwei) and \"vrfKey\"",
        "validators[0].stake: missing",
        "validators[0].vrfKey: missing (the validator's 33-byte compressed ECVRF-P256 public key, 0x-hex)",
        "validators[1].vrfKey: '0x02ffff' is not a 33-byte compressed P-256 public key",
        "validators[2]: validator 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 is listed twice"), e.problems());

    String tooMany = json.replace("\"unbondingBlocks\": 5", "\"unbondingBlocks\": 6");
    InvalidGenesisException e2 = assertThrows(InvalidGenesisException.class, () -> GenesisParser.parse(tooMany, "test"));
    assertEquals(List.of(
        "validators: 3 listed but staking.maxValidators is 2 (every genesis validator must be in the first set)",
        "validators[0].power: validators no longer take a power: give \"stake\" (wei; power = stake in gwei) and \"vrfKey\"",
        "validators[0].stake: missing",
        "validators[0].vrfKey: missing (the validator's 33-byte compressed ECVRF-P256 public key, 0x-hex)",
        "validators[1].stake: 9 wei is below staking.minStake 10000000000000000000",
        "validators[1].vrfKey: '0x02ffff' is not a 33-byte compressed P-256 public key",
        "validators[2]: validator 0x70997970c51812dc3a010c7d01b50e0d17dc79c8 is listed twice"), e2.problems());
  }
}
