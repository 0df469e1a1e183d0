package io.veritas.testnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.inference.InferenceException;
import io.veritas.inference.engine.GenerationRequest;
import io.veritas.inference.engine.InferenceEngine;
import io.veritas.inference.engine.LoadedModel;
import io.veritas.inference.engine.ReplayResult;
import io.veritas.inference.engine.Trace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code veritas replay}: replays a job in one prefill pass and says whether the claimed output and trace root are
 * what the runtime computes, or where they first differ.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = "Verify a job's claimed output and trace root by replaying it (one prefill pass).")
public final class ReplayCommand implements Callable<Integer> {
  @Mixin InferCommand.JobOptions job = new InferCommand.JobOptions();

  @Option(names = "--job", description = "The JSON printed by 'veritas infer --json' (its job, output and root are the claim).")
  Path jobFile;

  @Option(names = "--output-tokens", split = ",", description = "Claimed output token ids, comma separated.")
  int[] outputTokens;

  @Option(names = "--trace-root", description = "Claimed trace root (hex).")
  String traceRoot;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Override
  public Integer call() {
    try {
      int[] promptTokens = null;
      List<byte[]> claimedLeaves = null;
      String claimedModelId = null;
      if (jobFile != null) {
        JsonNode j = new ObjectMapper().readTree(Files.readString(jobFile));
        job.model = j.path("model").asText(job.model);
        job.prompt = j.path("prompt").asText(job.prompt);
        job.maxTokens = j.path("maxTokens").asInt(job.maxTokens);
        job.seed = j.path("seed").asLong(job.seed);
        job.temperature = (float) j.path("temperature").asDouble(job.temperature);
        job.topP = (float) j.path("topP").asDouble(job.topP);
        job.traceStride = j.path("traceStride").asInt(job.traceStride);
        promptTokens = ints(j.get("promptTokens"));
        if (outputTokens == null) {
          outputTokens = ints(j.get("tokens"));
        }
        if (traceRoot == null) {
          traceRoot = j.path("traceRoot").asText(null);
        }
        claimedModelId = j.path("modelId").asText(null);
        if (j.has("leaves")) {
          claimedLeaves = new ArrayList<>();
          for (JsonNode leaf : j.get("leaves")) {
            claimedLeaves.add(HexFormat.of().parseHex(leaf.asText()));
          }
        }
      }
      if (outputTokens == null || traceRoot == null || (promptTokens == null && job.prompt == null)) {
        System.err.println("error: give --job FILE, or --prompt, --output-tokens and --trace-root");
        return 1;
      }
      byte[] claimedRoot = HexFormat.of().parseHex(traceRoot);
      try (LoadedModel model = LoadedModel.open(job.modelPath());
          InferenceEngine engine = InferenceEngine.of(model, job.threadCount())) {
        if (claimedModelId != null && !claimedModelId.equals(model.modelId())) {
          System.err.println("error: the job names model " + claimedModelId + " but " + job.modelPath() + " is " + model.modelId());
          return 1;
        }
        if (promptTokens == null) {
          promptTokens = model.tokenizer().encodePrompt(job.prompt);
        }
        GenerationRequest request = job.request(promptTokens);
        ReplayResult result = engine.replay(request, outputTokens);
        boolean match = result.matches(claimedRoot);
        Optional<Trace.TraceDifference> diff = claimedLeaves == null ? Optional.empty()
            : result.trace().firstDifference(claimedLeaves);
        String computed = HexFormat.of().formatHex(result.traceRoot());
        if (json) {
          ObjectNode o = new ObjectMapper().createObjectNode();
          o.put("match", match);
          o.put("modelId", model.modelId());
          o.put("traceRoot", computed);
          o.put("claimedTraceRoot", traceRoot);
          result.tokenMismatch().ifPresent(m -> {
            ObjectNode t = o.putObject("tokenMismatch");
            t.put("position", m.position());
            t.put("claimedToken", m.claimedToken());
            t.put("expectedToken", m.expectedToken());
            t.put("reason", m.reason());
          });
          diff.ifPresent(d -> {
            ObjectNode t = o.putObject("firstDifference");
            t.put("position", d.position());
            t.put("boundary", d.boundary());
          });
          o.put("replayMillis", result.nanos() / 1_000_000);
          System.out.println(o.toString());
        } else if (match) {
          System.out.println("match: trace root " + computed + " (" + outputTokens.length + " output tokens, replayed in "
              + result.nanos() / 1_000_000 + " ms)");
        } else {
          System.out.println("mismatch: claimed trace root " + traceRoot + ", replay gives " + computed);
          result.tokenMismatch().ifPresent(m -> System.out.println("first wrong token at position " + m.position()
              + ": claimed " + m.claimedToken() + ", expected " + m.expectedToken() + " (" + m.reason() + ")"));
          diff.ifPresent(d -> System.out.println("first differing leaf: position " + d.position() + ", boundary " + d.boundary()));
        }
        return match ? 0 : 3;
      }
    } catch (InferenceException | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      System.err.println("error: cannot read " + jobFile + ": " + e.getMessage());
      return 1;
    }
  }

  private static int[] ints(JsonNode array) {
    if (array == null || !array.isArray()) {
      return null;
    }
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }
}
