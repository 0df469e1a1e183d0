package io.veritas.testnet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.crypto.HdWallet;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.types.Address;
import io.veritas.inference.engine.GenerationRequest;
import io.veritas.inference.engine.GenerationResult;
import io.veritas.inference.engine.InferenceEngine;
import io.veritas.inference.engine.LoadedModel;
import io.veritas.inference.engine.ReplayResult;
import io.veritas.inference.modelgen.ModelStore;
import io.veritas.market.job.JobInference;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.tools.bench.JsonRpcHttpClient;
import io.veritas.tools.bench.MachineDescription;
import io.veritas.verifier.rules.VerifierParameters;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * The compute market end to end on a running devnet: submits {@code jobs} inference jobs from the development
 * accounts, waits until every one is settled (run by a provider, committed, past its challenge window, paid), and
 * reports settled jobs per second. Then, in this process, runs the same jobs with the same model and thread count to
 * measure inference tokens per second and what a verifier's blind replay (one prefill pass) costs relative to
 * generating: the verification overhead is {@code p} × that fraction per job ({@code p} × k counting every verifier of
 * a challenge), against the 100–10,000× of zero-knowledge proofs of inference.
 */
public final class MarketBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final UInt256 PRICE = UInt256.valueOf(1_000_000_000_000L);

  /** @param clients how many development accounts (0..) submit jobs, round robin */
  public record Config(URI rpc, int jobs, int maxTokens, int clients, int threads, VerifierParameters verifier, Duration timeout) {}

  public static ObjectNode run(Config config) throws IOException, InterruptedException {
    JsonRpcHttpClient rpc = new JsonRpcHttpClient(config.rpc(), Duration.ofSeconds(30));
    String model = awaitProviders(rpc, Duration.ofSeconds(120));
    long chainId = JsonRpcHttpClient.quantity(rpc.call("eth_chainId", "[]"));
    List<KeyPair> accounts = HdWallet.deriveAccounts(HdWallet.DEV_MNEMONIC, config.clients());
    Map<Address, Long> nonces = new HashMap<>();
    for (KeyPair k : accounts) {
      nonces.put(k.address(), JsonRpcHttpClient.quantity(rpc.call("eth_getTransactionCount", "[\"" + k.address() + "\",\"pending\"]")));
    }
    long firstJob = JsonRpcHttpClient.quantity(rpc.call("veritas_listJobs", "[{\"pageSize\":1}]").get("jobCount")) + 1;
    List<String> raw = new ArrayList<>();
    for (int i = 0; i < config.jobs(); i++) {
      KeyPair from = accounts.get(i % accounts.size());
      long nonce = nonces.merge(from.address(), 1L, Long::sum) - 1;
      raw.add(new DynamicFeeTransaction.Unsigned(chainId, nonce, UInt256.valueOf(1_000_000_000L), UInt256.valueOf(100_000_000_000L),
          2_000_000, Optional.of(ComputeMarketModule.ADDRESS), PRICE.multiply(config.maxTokens()), submitJob(model, prompt(i), config.maxTokens(), i),
          List.of()).sign(from).encoded().toHexString());
    }
    long start = System.nanoTime();
    Map<Integer, String> refused = rpc.sendRawTransactions(raw);
    if (!refused.isEmpty()) {
      throw new IOException("the devnet refused " + refused.size() + " job submissions, e.g. " + refused.values().iterator().next());
    }
    long lastJob = firstJob + config.jobs() - 1;
    Map<Long, Long> committedAt = new HashMap<>();
    Map<Long, Long> settledAt = new HashMap<>();
    long deadline = start + config.timeout().toNanos();
    while (settledAt.size() < config.jobs()) {
      if (System.nanoTime() > deadline) {
        throw new IOException(settledAt.size() + " of " + config.jobs() + " jobs settled within " + config.timeout().toSeconds() + " s");
      }
      for (long id = firstJob; id <= lastJob; id++) {
        if (settledAt.containsKey(id)) {
          continue;
        }
        JsonNode job = rpc.call("veritas_getJob", "[\"0x" + Long.toHexString(id) + "\"]");
        if (job == null || job.isNull()) {
          continue;
        }
        String status = job.get("status").asText();
        long now = System.nanoTime();
        if (!status.equals("assigned")) {
          committedAt.putIfAbsent(id, now);
        }
        if (status.equals("settled") || status.equals("rejected") || status.equals("refunded")) {
          settledAt.put(id, now);
        }
      }
      Thread.sleep(200);
    }
    long lastSettled = settledAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    long lastCommitted = committedAt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    double settledSeconds = (lastSettled - start) / 1e9;
    double committedSeconds = (lastCommitted - start) / 1e9;

    // The same jobs in this process, with the node's thread count: generation vs blind replay.
    long generateNanos = 0;
    long replayNanos = 0;
    long outputTokens = 0;
    try (LoadedModel m = LoadedModel.open(ModelStore.standard().resolve("default"));
        InferenceEngine engine = InferenceEngine.of(m, config.threads())) {
      if (!("0x" + m.modelId()).equals(model)) {
        throw new IOException("the devnet's providers serve model " + model + ", the local default model is 0x" + m.modelId());
      }
      for (int i = 0; i < config.jobs(); i++) {
        GenerationRequest request = JobInference.request(m.tokenizer(), Bytes.wrap(prompt(i).getBytes(StandardCharsets.UTF_8)), config.maxTokens(), i);
        long t0 = System.nanoTime();
        GenerationResult generated = engine.generate(request);
        long t1 = System.nanoTime();
        ReplayResult replayed = engine.replay(request, generated.outputTokens());
        long t2 = System.nanoTime();
        if (!replayed.matches(generated.traceRoot()) || replayed.tokenMismatch().isPresent()) {
          throw new IllegalStateException("job " + i + ": the replay did not reproduce the generation's trace root");
        }
        generateNanos += t1 - t0;
        replayNanos += t2 - t1;
        outputTokens += generated.outputTokens().length;
      }
    }
    double replayFraction = (double) replayNanos / generateNanos;
    double p = config.verifier().challengeProbabilityBps() / 10_000.0;
    int k = config.verifier().verifiersPerChallenge();
    ObjectNode out = JSON.createObjectNode();
    out.put("jobs", config.jobs());
    out.put("maxTokens", config.maxTokens());
    out.put("jobsSettledPerSecond", round(config.jobs() / settledSeconds, 3));
    out.put("secondsToLastSettlement", round(settledSeconds, 1));
    out.put("jobsCommittedPerSecond", round(config.jobs() / committedSeconds, 3));
    out.put("meanInferenceTokensPerSecond", round(outputTokens / (generateNanos / 1e9), 1));
    out.put("outputTokens", outputTokens);
    out.put("replayCostFraction", round(replayFraction, 3));
    out.put("challengeProbability", p);
    out.put("verifiersPerChallenge", k);
    out.put("verificationOverhead", round(p * replayFraction, 4));
    out.put("verificationOverheadAllVerifiers", round(p * k * replayFraction, 4));
    out.put("zkProofOverhead", "100-10000x");
    out.put("threads", config.threads());
    out.put("machine", MachineDescription.describe());
    return out;
  }

  private static double round(double v, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(v * scale) / scale;
  }

  static String prompt(int i) {
    return "Benchmark job " + i + ": write a short story about a lighthouse keeper";
  }

  private static Bytes submitJob(String model, String prompt, int maxTokens, long seed) {
    return Bytes.fromHexString(FunctionEncoder.encode(new Function("submitJob", List.of(
        new org.web3j.abi.datatypes.generated.Bytes32(Bytes32.fromHexString(model).toArrayUnsafe()),
        new DynamicBytes(prompt.getBytes(StandardCharsets.UTF_8)), new Uint32(maxTokens), new Uint64(seed)), List.of())));
  }

  private static String awaitProviders(JsonRpcHttpClient rpc, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode providers = rpc.call("veritas_listProviders", "[]");
      if (providers.size() >= 4) {
        return providers.get(0).get("models").get(0).asText();
      }
      Thread.sleep(250);
    }
    throw new IOException("the devnet's four providers did not register within " + timeout.toSeconds() + " s");
  }
}
