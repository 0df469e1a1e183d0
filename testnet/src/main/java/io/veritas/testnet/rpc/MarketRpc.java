package io.veritas.testnet.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.types.Address;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.market.module.MarketState;
import io.veritas.market.output.JobOutputMessages;
import io.veritas.market.output.JobOutputService;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.Provider;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Explorer-style views of the compute market at the head block: {@code veritas_getJob}, {@code veritas_listJobs},
 * {@code veritas_getProvider}, {@code veritas_listProviders}. Quantities are 0x-hex (as eth_ methods), statuses
 * lower-case names.
 */
public final class MarketRpc {
  /** Largest page {@code veritas_listJobs} returns. */
  public static final int MAX_PAGE_SIZE = 100;
  /** How many jobs, newest first, one {@code veritas_listJobs} call looks through at most. */
  public static final int MAX_SCAN = 100_000;

  private MarketRpc() {}

  public static List<JsonRpcMethod> methods(Blockchain chain, JobOutputService outputs) {
    return List.of(new GetJob(chain), new ListJobs(chain), new GetProvider(chain), new ListProviders(chain),
        new GetJobOutput(chain, outputs));
  }

  static MarketState market(Blockchain chain) {
    return new MarketState(new ModuleStorage(chain.headState(), ComputeMarketModule.ADDRESS));
  }

  static String hex(long v) {
    return "0x" + Long.toHexString(v);
  }

  static String hex(BigInteger v) {
    return "0x" + v.toString(16);
  }

  static String hex(UInt256 v) {
    return hex(v.toBigInteger());
  }

  static String status(JobStatus s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  static ObjectNode job(MarketState market, Job job) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("jobId", hex(job.id()));
    o.put("status", status(job.status()));
    o.put("client", job.client().toHexString());
    o.put("provider", job.provider().toHexString());
    o.put("model", job.model().toHexString());
    Bytes prompt = market.prompt(job.id());
    o.put("prompt", prompt.toHexString());
    o.put("maxTokens", hex(job.maxTokens()));
    o.put("seed", "0x" + Long.toUnsignedString(job.seed(), 16));
    o.put("escrow", hex(job.escrow()));
    o.put("pricePerToken", hex(job.pricePerToken()));
    o.put("fee", hex(job.fee()));
    ArrayNode tokens = o.putArray("outputTokens");
    market.outputTokens(job.id()).forEach(tokens::add);
    o.put("sealedTrace", job.sealedTrace().toHexString());
    o.put("submittedAt", hex(job.submittedAt()));
    o.put("assignedAt", hex(job.assignedAt()));
    o.put("committedAt", hex(job.committedAt()));
    o.put("closedAt", hex(job.closedAt()));
    o.put("reassignments", job.reassignments());
    o.put("previousProvider", job.previousProvider().toHexString());
    return o;
  }

  static ObjectNode provider(Provider p) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("address", p.address().toHexString());
    o.put("bond", hex(p.bond()));
    o.put("pricePerToken", hex(p.pricePerToken()));
    o.put("payout", p.payout().toHexString());
    o.put("endpoint", p.endpoint());
    ArrayNode models = o.putArray("models");
    p.models().forEach(m -> models.add(m.toHexString()));
    o.put("registeredAt", hex(p.registeredAt()));
    o.put("deregisteredAt", hex(p.deregisteredAt()));
    o.put("activeJobs", p.activeJobs());
    o.put("openJobs", p.openJobs());
    o.put("settledJobs", p.settledJobs());
    o.put("timeouts", p.timeouts());
    return o;
  }

  static Address address(JsonNode node, String field) throws JsonRpcException {
    try {
      return Address.fromHex(node.asText());
    } catch (IllegalArgumentException e) {
      throw JsonRpcException.invalidParams(field + ": " + e.getMessage());
    }
  }

  /** {@code veritas_getJob(jobId)}: the job, or null when there is no such job. */
  static final class GetJob implements JsonRpcMethod {
    private final Blockchain chain;

    GetJob(Blockchain chain) {
      this.chain = chain;
    }

    @Override
    public String name() {
      return "veritas_getJob";
    }

    @Override
    public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
      ctx.paramReader().expectAtMost(1);
      BigInteger id = ctx.paramReader().quantityBig(0, "jobId");
      MarketState market = market(chain);
      Optional<Job> job = market.job(id);
      return job.map(j -> (Object) job(market, j)).orElse(null);
    }
  }

  /**
   * {@code veritas_listJobs({client?, provider?, status?, page?, pageSize?})}: jobs newest first, filtered, one page
   * ({@code page} from 0, {@code pageSize} 1..100, default 20) with the total count of matches among the jobs looked
   * at.
   */
  static final class ListJobs implements JsonRpcMethod {
    private final Blockchain chain;

    ListJobs(Blockchain chain) {
      this.chain = chain;
    }

    @Override
    public String name() {
      return "veritas_listJobs";
    }

    @Override
    public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
      ctx.paramReader().expectAtMost(1);
      JsonNode filter = ctx.paramReader().optionalObject(0, "filter").orElse(JsonNodeFactory.instance.objectNode());
      var known = java.util.Set.of("client", "provider", "status", "page", "pageSize");
      for (var it = filter.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!known.contains(f)) {
          throw JsonRpcException.invalidParams("filter." + f + ": unknown field (known: client, page, pageSize, provider, status)");
        }
      }
      Optional<Address> client = filter.hasNonNull("client") ? Optional.of(address(filter.get("client"), "filter.client")) : Optional.empty();
      Optional<Address> provider =
          filter.hasNonNull("provider") ? Optional.of(address(filter.get("provider"), "filter.provider")) : Optional.empty();
      Optional<JobStatus> status = Optional.empty();
      if (filter.hasNonNull("status")) {
        String s = filter.get("status").asText();
        status = java.util.Arrays.stream(JobStatus.values()).filter(v -> status(v).equals(s)).findFirst();
        if (status.isEmpty()) {
          throw JsonRpcException.invalidParams("filter.status: '" + s + "' is not one of "
              + java.util.Arrays.stream(JobStatus.values()).map(MarketRpc::status).toList());
        }
      }
      int page = intField(filter, "page", 0, 0, Integer.MAX_VALUE);
      int pageSize = intField(filter, "pageSize", 20, 1, MAX_PAGE_SIZE);
      MarketState market = market(chain);
      BigInteger count = market.jobCount();
      long skip = (long) page * pageSize;
      long matched = 0;
      ArrayNode jobs = JsonNodeFactory.instance.arrayNode();
      int scanned = 0;
      for (BigInteger id = count; id.signum() > 0 && scanned < MAX_SCAN; id = id.subtract(BigInteger.ONE), scanned++) {
        Job job = market.job(id).orElseThrow();
        if (client.isPresent() && !job.client().equals(client.get())
            || provider.isPresent() && !job.provider().equals(provider.get())
            || status.isPresent() && job.status() != status.get()) {
          continue;
        }
        if (matched >= skip && jobs.size() < pageSize) {
          jobs.add(job(market, job));
        }
        matched++;
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.set("jobs", jobs);
      out.put("total", matched);
      out.put("page", page);
      out.put("pageSize", pageSize);
      out.put("jobCount", hex(count));
      return out;
    }

    static int intField(JsonNode filter, String field, int dflt, int min, int max) throws JsonRpcException {
      if (!filter.hasNonNull(field)) {
        return dflt;
      }
      JsonNode v = filter.get(field);
      long value;
      if (v.isIntegralNumber()) {
        value = v.asLong();
      } else if (v.isTextual() && v.asText().startsWith("0x")) {
        try {
          value = Long.parseLong(v.asText().substring(2), 16);
        } catch (NumberFormatException e) {
          throw JsonRpcException.invalidParams("filter." + field + ": '" + v.asText() + "' is not a number");
        }
      } else {
        throw JsonRpcException.invalidParams("filter." + field + ": must be a number, got " + v);
      }
      if (value < min || value > max) {
        throw JsonRpcException.invalidParams("filter." + field + ": must be in " + min + ".." + max + ", got " + value);
      }
      return (int) value;
    }
  }

  /** {@code veritas_getProvider(address)}: the provider, or null when the address never registered. */
  static final class GetProvider implements JsonRpcMethod {
    private final Blockchain chain;

    GetProvider(Blockchain chain) {
      this.chain = chain;
    }

    @Override
    public String name() {
      return "veritas_getProvider";
    }

    @Override
    public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
      ctx.paramReader().expectAtMost(1);
      Address address = address(ctx.paramReader().required(0, "address"), "address");
      return market(chain).provider(address).map(p -> (Object) provider(p)).orElse(null);
    }
  }

  /** {@code veritas_listProviders()}: every registered provider, in registration order. */
  static final class ListProviders implements JsonRpcMethod {
    private final Blockchain chain;

    ListProviders(Blockchain chain) {
      this.chain = chain;
    }

    @Override
    public String name() {
      return "veritas_listProviders";
    }

    @Override
    public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
      ctx.paramReader().expectAtMost(0);
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      market(chain).providers().forEach(p -> out.add(provider(p)));
      return out;
    }
  }

  /**
   * {@code veritas_getJobOutput(jobId)}: the job's output tokens and their text, from this node when one of its
   * providers committed the job, else fetched from the provider's node over {@value JobOutputService#PROTOCOL}.
   */
  static final class GetJobOutput implements JsonRpcMethod {
    private final Blockchain chain;
    private final JobOutputService outputs;

    GetJobOutput(Blockchain chain, JobOutputService outputs) {
      this.chain = chain;
      this.outputs = outputs;
    }

    @Override
    public String name() {
      return "veritas_getJobOutput";
    }

    @Override
    public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
      ctx.paramReader().expectAtMost(1);
      BigInteger id = ctx.paramReader().quantityBig(0, "jobId");
      MarketState market = market(chain);
      Job job = market.job(id).orElseThrow(() -> JsonRpcException.invalidParams("no job " + id + " (jobs are 1.." + market.jobCount() + ")"));
      if (job.status() == JobStatus.ASSIGNED) {
        throw JsonRpcException.serverError("job " + id + " has no output yet: its provider " + job.provider() + " has not committed");
      }
      Optional<JobOutputMessages.JobOutput> local = outputs.local(id);
      String servedBy = "local";
      JobOutputMessages.JobOutput output;
      if (local.isPresent()) {
        output = local.get();
      } else {
        Provider provider = market.provider(job.provider()).orElseThrow();
        JobOutputMessages.Answer answer;
        try {
          answer = outputs.fetch(Multiaddr.parse(provider.endpoint()), id).get(15, java.util.concurrent.TimeUnit.SECONDS);
        } catch (IllegalArgumentException e) {
          throw JsonRpcException.serverError("provider " + job.provider() + " registered an endpoint that is not a multiaddr: " + provider.endpoint());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          throw JsonRpcException.serverError("cannot fetch job " + id + " output from " + provider.endpoint() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw JsonRpcException.serverError("interrupted");
        }
        output = answer.output().orElseThrow(() -> JsonRpcException.serverError(
            "provider node " + provider.endpoint() + " did not serve job " + id + ": " + answer.reason()));
        servedBy = provider.endpoint();
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("jobId", hex(id));
      ArrayNode tokens = o.putArray("tokens");
      for (int t : output.tokens()) {
        tokens.add(t);
      }
      o.put("text", output.text());
      o.put("servedBy", servedBy);
      return o;
    }
  }
}
