package io.veritas.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veritas.chain.blockchain.ChainParameters;
import io.veritas.chain.types.Address;
import io.veritas.consensus.staking.StakingParameters;
import io.veritas.consensus.vrf.EcVrf;
import io.veritas.market.rewards.ModelCostFactors;
import io.veritas.market.rewards.RewardsParameters;
import io.veritas.market.rules.MarketParameters;
import io.veritas.verifier.rules.VerifierParameters;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Reads the genesis JSON format:
 *
 * <pre>
 * {
 *   "name": "devnet", "chainId": 7357, "timestamp": 1767225600,
 *   "parameters": { "blockGasLimit": 300000000, "initialBaseFeePerGas": "1000000000",
 *                   "minBaseFeePerGas": "100000000", "maxBlockTransactions": 20000, "blockTimeMillis": 1000 },
 *   "alloc": { "0xf39f…2266": { "balance": "10000000000000000000000" } },
 *   "validators": [ { "address": "0x…", "stake": "10000000000000000000000", "vrfKey": "0x02…" } ],
 *   "staking": { "minStake": "1000000000000000000000", "maxValidators": 100, "unbondingBlocks": 100,
 *                "evidenceMaxAgeBlocks": 50, "doubleSignSlashBps": 500, "jailBlocks": 600 },
 *   "market": { "minProviderBond": "100000000000000000000", "maxTokensPerJob": 256, "maxPromptBytes": 4096,
 *               "resultTimeoutBlocks": 20, "challengeWindowBlocks": 30, "unbondingBlocks": 100,
 *               "providerCapacity": 8, "timeoutPenalty": "1000000000000000000" }
 * }
 * </pre>
 *
 *
 * <p>{@code market}, {@code verifier} ({@code challengeProbabilityBps}, {@code newProviderProbabilityBps},
 * {@code newProviderJobs}, {@code verifiersPerChallenge}, {@code escalationVerifiers}, {@code challengeDelayBlocks},
 * {@code commitWindowBlocks}, {@code revealWindowBlocks}, {@code slashFractionBps}, {@code slashRewardShareBps}) and
 * {@code rewards} ({@code epochLengthBlocks}, {@code emissionPerEpoch}, {@code verifierShareBps},
 * {@code modelCostFactors}) come together or not at all: without them the chain has no compute modules.
 *
 * <p>{@code validators}: each bonds {@code stake} wei (created at genesis and held by the staking module) and names
 * its ECVRF-P256 public key {@code vrfKey} (33 bytes, compressed; see {@code VrfKeyDerivation} for deriving it from
 * the validator's secp256k1 key). Every genesis validator must be in the first active set: at most
 * {@code staking.maxValidators} of them, each with at least {@code staking.minStake}. {@code staking} holds the
 * {@code StakingParameters}; {@code jailBlocks} is a block count or {@code "forever"}.
 *
 * Quantities are decimal strings or 0x-prefixed hex strings (JSON numbers lose precision past 2^53). Every
 * problem is collected and reported at once, each naming the field.
 */
public final class GenesisParser {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TOP_LEVEL = Set.of("name", "chainId", "timestamp", "parameters", "alloc", "validators", "staking", "market", "verifier", "rewards");
  private static final Set<String> STAKING = Set.of("minStake", "maxValidators", "unbondingBlocks", "evidenceMaxAgeBlocks",
      "doubleSignSlashBps", "jailBlocks");
  private static final Set<String> VALIDATOR = Set.of("address", "stake", "vrfKey");
  private static final Set<String> MARKET = Set.of("minProviderBond", "maxTokensPerJob", "maxPromptBytes", "resultTimeoutBlocks",
      "challengeWindowBlocks", "unbondingBlocks", "providerCapacity", "timeoutPenalty");
  private static final Set<String> VERIFIER = Set.of("challengeProbabilityBps", "newProviderProbabilityBps", "newProviderJobs",
      "verifiersPerChallenge", "escalationVerifiers", "challengeDelayBlocks", "commitWindowBlocks", "revealWindowBlocks",
      "slashFractionBps", "slashRewardShareBps");
  private static final Set<String> REWARDS = Set.of("epochLengthBlocks", "emissionPerEpoch", "verifierShareBps", "modelCostFactors");
  private static final Set<String> PARAMETERS =
      Set.of("blockGasLimit", "initialBaseFeePerGas", "minBaseFeePerGas", "maxBlockTransactions", "blockTimeMillis");

  private GenesisParser() {}

  public static Genesis parse(Path file) throws InvalidGenesisException {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new InvalidGenesisException(file.toString(), List.of("file not found"));
    } catch (IOException e) {
      throw new InvalidGenesisException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
    }
  }

  /** A genesis bundled with Veritas: "devnet" or "testnet". */
  public static Genesis bundled(String name) throws InvalidGenesisException {
    String resource = "/io/veritas/genesis/" + name + ".json";
    try (InputStream in = GenesisParser.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidGenesisException(name, List.of("no bundled genesis named '" + name + "' (bundled: devnet, testnet)"));
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "bundled " + name);
    } catch (IOException e) {
      throw new InvalidGenesisException(name, List.of("cannot read the bundled genesis: " + e.getMessage()));
    }
  }

  public static Genesis parse(String json, String source) throws InvalidGenesisException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidGenesisException(source, List.of("not valid JSON: " + e.getOriginalMessage()
          + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidGenesisException(source, List.of("the file must hold a JSON object"));
    }
    List<String> problems = new ArrayList<>();
    unknownFields(root, TOP_LEVEL, "", problems);
    String name = text(root, "name", problems);
    long chainId = positiveLong(root, "chainId", "chainId", problems);
    long timestamp = nonNegativeLong(root, "timestamp", "timestamp", problems);

    JsonNode params = root.path("parameters");
    if (!params.isObject()) {
      problems.add("parameters: missing (an object with " + String.join(", ", PARAMETERS) + ")");
    } else {
      unknownFields(params, PARAMETERS, "parameters.", problems);
    }
    long gasLimit = positiveLong(params, "blockGasLimit", "parameters.blockGasLimit", problems);
    UInt256 initialBaseFee = quantity(params.get("initialBaseFeePerGas"), "parameters.initialBaseFeePerGas", problems);
    UInt256 minBaseFee = quantity(params.get("minBaseFeePerGas"), "parameters.minBaseFeePerGas", problems);
    long maxTxs = positiveLong(params, "maxBlockTransactions", "parameters.maxBlockTransactions", problems);
    long blockTimeMillis = positiveLong(params, "blockTimeMillis", "parameters.blockTimeMillis", problems);
    if (gasLimit > 0 && gasLimit < 21_000) {
      problems.add("parameters.blockGasLimit: " + gasLimit + " is below the 21000 gas of one transfer");
    }
    if (initialBaseFee != null && minBaseFee != null && initialBaseFee.lessThan(minBaseFee)) {
      problems.add("parameters.initialBaseFeePerGas: " + initialBaseFee.toDecimalString() + " is below minBaseFeePerGas " + minBaseFee.toDecimalString());
    }
    if (maxTxs > Integer.MAX_VALUE) {
      problems.add("parameters.maxBlockTransactions: " + maxTxs + " is too large");
    }

    Map<Address, UInt256> alloc = new LinkedHashMap<>();
    JsonNode allocNode = root.path("alloc");
    if (!allocNode.isObject()) {
      problems.add("alloc: missing (an object of address -> {\"balance\": ...})");
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = allocNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Address address = address(e.getKey(), "alloc key '" + e.getKey() + "'", problems);
        UInt256 balance = quantity(e.getValue().get("balance"), "alloc." + e.getKey() + ".balance", problems);
        if (address != null && balance != null && alloc.put(address, balance) != null) {
          problems.add("alloc: address " + address + " is listed twice");
        }
      }
    }

    StakingParameters staking = staking(root.get("staking"), problems);
    List<GenesisValidator> validators = validators(root.path("validators"), staking, problems);

    Optional<MarketParameters> market = root.has("market") ? market(root.get("market"), problems) : Optional.empty();
    Optional<VerifierParameters> verifier = root.has("verifier") ? verifier(root.get("verifier"), problems) : Optional.empty();
    Optional<RewardsParameters> rewards = root.has("rewards") ? rewards(root.get("rewards"), problems) : Optional.empty();
    if (root.has("market") != root.has("verifier") || root.has("market") != root.has("rewards")) {
      List<String> present = java.util.stream.Stream.of("market", "verifier", "rewards").filter(root::has).toList();
      problems.add("market, verifier, rewards: a chain has all three compute modules or none; this genesis has only "
          + String.join(", ", present));
    }
    if (market.isPresent() && verifier.isPresent()) {
      try {
        verifier.get().requireCompatibleWith(market.get());
      } catch (IllegalArgumentException e) {
        problems.add("verifier: " + e.getMessage());
      }
    }

    if (!problems.isEmpty()) {
      throw new InvalidGenesisException(source, problems);
    }
    ChainParameters parameters = new ChainParameters(chainId, gasLimit, initialBaseFee, minBaseFee, (int) maxTxs);
    return new Genesis(name, chainId, timestamp, parameters, Duration.ofMillis(blockTimeMillis), alloc, validators, staking, market, verifier, rewards);
  }

  /** The staking module's rules (required): null when missing or invalid, with the problems added. */
  private static StakingParameters staking(JsonNode node, List<String> problems) {
    if (node == null || !node.isObject()) {
      problems.add("staking: missing (an object with " + String.join(", ", STAKING.stream().sorted().toList()) + ")");
      return null;
    }
    int before = problems.size();
    unknownFields(node, STAKING, "staking.", problems);
    UInt256 minStake = quantity(node.get("minStake"), "staking.minStake", problems);
    long maxValidators = positiveLong(node, "maxValidators", "staking.maxValidators", problems);
    long unbonding = positiveLong(node, "unbondingBlocks", "staking.unbondingBlocks", problems);
    long evidenceMaxAge = positiveLong(node, "evidenceMaxAgeBlocks", "staking.evidenceMaxAgeBlocks", problems);
    long slashBps = nonNegativeLong(node, "doubleSignSlashBps", "staking.doubleSignSlashBps", problems);
    long jailBlocks;
    JsonNode jail = node.get("jailBlocks");
    if (jail != null && jail.isTextual() && jail.asText().equals("forever")) {
      jailBlocks = StakingParameters.JAIL_FOREVER;
    } else {
      jailBlocks = positiveLong(node, "jailBlocks", "staking.jailBlocks", problems);
    }
    if (maxValidators > StakingParameters.MAX_VALIDATORS_LIMIT) {
      problems.add("staking.maxValidators: " + maxValidators + " is above the limit of " + StakingParameters.MAX_VALIDATORS_LIMIT);
    }
    if (slashBps > StakingParameters.BPS_DENOMINATOR) {
      problems.add("staking.doubleSignSlashBps: " + slashBps + " is above " + StakingParameters.BPS_DENOMINATOR + " (100%)");
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return new StakingParameters(minStake, (int) maxValidators, unbonding, evidenceMaxAge, (int) slashBps, jailBlocks);
    } catch (IllegalArgumentException e) {
      problems.add("staking: " + e.getMessage());
      return null;
    }
  }

  /** The genesis validators; the stake checks need valid {@code staking} rules and are skipped without them. */
  private static List<GenesisValidator> validators(JsonNode node, StakingParameters staking, List<String> problems) {
    List<GenesisValidator> validators = new ArrayList<>();
    if (!node.isArray() || node.isEmpty()) {
      problems.add("validators: missing or empty (a list of {\"address\": ..., \"stake\": ..., \"vrfKey\": ...})");
      return validators;
    }
    if (staking != null && node.size() > staking.maxValidators()) {
      problems.add("validators: " + node.size() + " listed but staking.maxValidators is " + staking.maxValidators()
          + " (every genesis validator must be in the first set)");
    }
    Set<Address> seen = new HashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode v = node.get(i);
      String field = "validators[" + i + "]";
      if (v.has("power")) {
        problems.add(field + ".power: validators no longer take a power: give \"stake\" (wei; power = stake in gwei) and \"vrfKey\"");
      }
      v.fieldNames().forEachRemaining(f -> {
        if (!VALIDATOR.contains(f) && !f.equals("power")) {
          problems.add(field + "." + f + ": unknown field (known: address, stake, vrfKey)");
        }
      });
      Address address = v.hasNonNull("address") ? address(v.get("address").asText(), field + ".address", problems) : null;
      if (!v.hasNonNull("address")) {
        problems.add(field + ".address: missing");
      }
      UInt256 stake = quantity(v.get("stake"), field + ".stake", problems);
      boolean stakeCounts = stake != null && staking != null && stakeWithinRules(stake, staking, field + ".stake", problems);
      Bytes vrfKey = vrfKey(v.get("vrfKey"), field + ".vrfKey", problems);
      if (address != null && !seen.add(address)) {
        problems.add(field + ": validator " + address + " is listed twice");
      }
      if (address != null && stakeCounts && vrfKey != null) {
        validators.add(new GenesisValidator(address, stake, vrfKey));
      }
    }
    return validators;
  }

  /** A genesis stake must reach the minimum and count in full (power = stake in gwei, within the per-validator cap). */
  private static boolean stakeWithinRules(UInt256 stake, StakingParameters staking, String path, List<String> problems) {
    if (stake.lessThan(staking.minStake())) {
      problems.add(path + ": " + stake.toDecimalString() + " wei is below staking.minStake " + staking.minStake().toDecimalString());
      return false;
    }
    UInt256 gwei = stake.divide(StakingParameters.POWER_UNIT_WEI);
    if (!gwei.fitsLong() || staking.powerOf(stake) != gwei.toLong()) {
      problems.add(path + ": " + stake.toDecimalString() + " wei is above the largest stake that counts ("
          + staking.maxPowerPerValidator() + " gwei)");
      return false;
    }
    return true;
  }

  private static Bytes vrfKey(JsonNode v, String path, List<String> problems) {
    if (v == null || v.isNull()) {
      problems.add(path + ": missing (the validator's 33-byte compressed ECVRF-P256 public key, 0x-hex)");
      return null;
    }
    String text = v.asText();
    Bytes key;
    try {
      key = Bytes.fromHexString(text);
    } catch (IllegalArgumentException e) {
      problems.add(path + ": '" + text + "' is not 0x-prefixed hex");
      return null;
    }
    if (!EcVrf.isValidPublicKey(key.toArrayUnsafe())) {
      problems.add(path + ": '" + text + "' is not a 33-byte compressed P-256 public key");
      return null;
    }
    return key;
  }

  /**
   * Reads an optional parameters section the same way for every module: it must be an object, its fields must be
   * known, {@code fields} reads them (adding a problem per bad field) and returns how to build the record, which is
   * built only when no field had a problem; a rule the record's constructor refuses becomes one more problem.
   */
  private static <T> Optional<T> section(
      JsonNode node, String name, Set<String> known, List<String> problems, Function<JsonNode, Supplier<T>> fields) {
    if (!node.isObject()) {
      problems.add(name + ": must be an object with " + String.join(", ", known.stream().sorted().toList()));
      return Optional.empty();
    }
    int before = problems.size();
    unknownFields(node, known, name + ".", problems);
    Supplier<T> build = fields.apply(node);
    if (problems.size() > before) {
      return Optional.empty();
    }
    try {
      return Optional.of(build.get());
    } catch (IllegalArgumentException e) {
      problems.add(name + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /** The compute market's parameters (optional: a chain without them has no market module). */
  private static Optional<MarketParameters> market(JsonNode node, List<String> problems) {
    return section(node, "market", MARKET, problems, n -> {
      UInt256 minBond = quantity(n.get("minProviderBond"), "market.minProviderBond", problems);
      long maxTokens = positiveLong(n, "maxTokensPerJob", "market.maxTokensPerJob", problems);
      long maxPrompt = positiveLong(n, "maxPromptBytes", "market.maxPromptBytes", problems);
      long resultTimeout = positiveLong(n, "resultTimeoutBlocks", "market.resultTimeoutBlocks", problems);
      long challengeWindow = positiveLong(n, "challengeWindowBlocks", "market.challengeWindowBlocks", problems);
      long unbonding = nonNegativeLong(n, "unbondingBlocks", "market.unbondingBlocks", problems);
      long capacity = positiveLong(n, "providerCapacity", "market.providerCapacity", problems);
      UInt256 penalty = quantity(n.get("timeoutPenalty"), "market.timeoutPenalty", problems);
      if (maxPrompt > Integer.MAX_VALUE || capacity > Integer.MAX_VALUE) {
        problems.add("market: maxPromptBytes and providerCapacity must fit in 32 bits");
      }
      return () -> new MarketParameters(minBond, maxTokens, (int) maxPrompt, resultTimeout, challengeWindow, unbonding,
          (int) capacity, penalty);
    });
  }

  /** The verifier module's parameters (ARCHITECTURE.md §6), all integers. */
  private static Optional<VerifierParameters> verifier(JsonNode node, List<String> problems) {
    return section(node, "verifier", VERIFIER, problems, n -> {
      long p = nonNegativeLong(n, "challengeProbabilityBps", "verifier.challengeProbabilityBps", problems);
      long pNew = nonNegativeLong(n, "newProviderProbabilityBps", "verifier.newProviderProbabilityBps", problems);
      long newJobs = nonNegativeLong(n, "newProviderJobs", "verifier.newProviderJobs", problems);
      long k = positiveLong(n, "verifiersPerChallenge", "verifier.verifiersPerChallenge", problems);
      long escalation = positiveLong(n, "escalationVerifiers", "verifier.escalationVerifiers", problems);
      long delay = positiveLong(n, "challengeDelayBlocks", "verifier.challengeDelayBlocks", problems);
      long commit = positiveLong(n, "commitWindowBlocks", "verifier.commitWindowBlocks", problems);
      long reveal = positiveLong(n, "revealWindowBlocks", "verifier.revealWindowBlocks", problems);
      long slash = nonNegativeLong(n, "slashFractionBps", "verifier.slashFractionBps", problems);
      long share = nonNegativeLong(n, "slashRewardShareBps", "verifier.slashRewardShareBps", problems);
      for (long v : new long[] {p, pNew, k, escalation, slash, share}) {
        if (v > Integer.MAX_VALUE) {
          problems.add("verifier: basis points and verifier counts must fit in 32 bits, got " + v);
        }
      }
      return () -> new VerifierParameters((int) p, (int) pNew, newJobs, (int) k, (int) escalation, delay, commit, reveal,
          (int) slash, (int) share);
    });
  }

  /** The rewards module's parameters; {@code modelCostFactors} maps model ids (0x + 64 hex) to factors. */
  private static Optional<RewardsParameters> rewards(JsonNode node, List<String> problems) {
    return section(node, "rewards", REWARDS, problems, n -> {
      long epoch = positiveLong(n, "epochLengthBlocks", "rewards.epochLengthBlocks", problems);
      UInt256 emission = quantity(n.get("emissionPerEpoch"), "rewards.emissionPerEpoch", problems);
      long share = nonNegativeLong(n, "verifierShareBps", "rewards.verifierShareBps", problems);
      Map<org.apache.tuweni.bytes.Bytes32, Long> factors = new LinkedHashMap<>();
      JsonNode factorsNode = n.path("modelCostFactors");
      if (n.has("modelCostFactors") && !factorsNode.isObject()) {
        problems.add("rewards.modelCostFactors: must be an object of model id -> factor");
      } else if (factorsNode.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = factorsNode.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          String path = "rewards.modelCostFactors." + e.getKey();
          if (!e.getKey().matches("0x[0-9a-fA-F]{64}")) {
            problems.add(path + ": a model id is 0x followed by 64 hex digits (the sha256 of the GGUF file)");
            continue;
          }
          long factor = positiveLong(factorsNode, e.getKey(), path, problems);
          factors.put(org.apache.tuweni.bytes.Bytes32.fromHexString(e.getKey()), factor);
        }
      }
      if (share > Integer.MAX_VALUE) {
        problems.add("rewards.verifierShareBps: " + share + " does not fit in 32 bits");
      }
      return () -> new RewardsParameters(epoch, emission, (int) share, new ModelCostFactors(factors));
    });
  }

  private static void unknownFields(JsonNode node, Set<String> known, String prefix, List<String> problems) {
    node.fieldNames().forEachRemaining(f -> {
      if (!known.contains(f)) {
        problems.add(prefix + f + ": unknown field (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    });
  }

  private static String text(JsonNode node, String field, List<String> problems) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      problems.add(field + ": missing (a non-empty string)");
      return "";
    }
    return v.asText();
  }

  private static long positiveLong(JsonNode node, String field, String path, List<String> problems) {
    long value = nonNegativeLong(node, field, path, problems);
    if (value == 0 && node.has(field)) {
      problems.add(path + ": must be positive, got 0");
    }
    return value;
  }

  private static long nonNegativeLong(JsonNode node, String field, String path, List<String> problems) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      problems.add(path + ": missing");
      return 0;
    }
    UInt256 q = quantity(v, path, problems);
    if (q == null) {
      return 0;
    }
    if (!q.fitsLong() || q.toLong() < 0) {
      problems.add(path + ": " + q.toBigInteger() + " does not fit in a signed 64-bit number");
      return 0;
    }
    return q.toLong();
  }

  private static UInt256 quantity(JsonNode v, String path, List<String> problems) {
    if (v == null || v.isNull()) {
      problems.add(path + ": missing");
      return null;
    }
    BigInteger value;
    if (v.isIntegralNumber()) {
      value = v.bigIntegerValue();
    } else if (v.isTextual()) {
      String s = v.asText().trim();
      try {
        value = s.startsWith("0x") || s.startsWith("0X") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
      } catch (NumberFormatException e) {
        problems.add(path + ": '" + s + "' is not a decimal or 0x-hex integer");
        return null;
      }
    } else {
      problems.add(path + ": must be an integer or a string holding one, got " + v.getNodeType().name().toLowerCase());
      return null;
    }
    if (value.signum() < 0 || value.bitLength() > 256) {
      problems.add(path + ": " + value + " is outside 0 .. 2^256-1");
      return null;
    }
    return UInt256.valueOf(value);
  }

  private static Address address(String text, String path, List<String> problems) {
    try {
      return Address.fromHex(text);
    } catch (IllegalArgumentException e) {
      problems.add(path + ": '" + text + "' is not a 0x-prefixed 40-hex-digit address");
      return null;
    }
  }
}
