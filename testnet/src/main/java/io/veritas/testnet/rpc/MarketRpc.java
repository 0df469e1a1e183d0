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
      PagedListing listing = PagedListing.parse(ctx, java.util.Set.of("client", "provider", "status"));
      Optional<Address> client = listing.address("client");
      Optional<Address> provider = listing.address("provider");
      Optional<JobStatus> status = Optional.empty();
      if (listing.text("status").isPresent()) {
        String s = listing.text("status").get();
        status = java.util.Arrays.stream(JobStatus.values()).filter(v -> status(v).equals(s)).findFirst();
        if (status.isEmpty()) {
          throw JsonRpcException.invalidParams("filter.status: '" + s + "' is not one of "
              + java.util.Arrays.stream(JobStatus.values()).map(MarketRpc::status).toList());
        }
      }
      MarketState market = market(chain);
      BigInteger count = market.jobCount();
      int scanned = 0;
      for (BigInteger id = count; id.signum() > 0 && scanned < PagedListing.MAX_SCAN; id = id.subtract(BigInteger.ONE), scanned++) {
        Job job = market.job(id).orElseThrow();
        if (client.isPresent() && !job.client().equals(client.get())
            || provider.isPresent() && !job.provider().equals(provider.get())
            || status.isPresent() && job.status() != status.get()) {
          continue;
        }
        listing.offer(() -> job(market, job));
      }
      return listing.result("jobs", "jobCount", hex(count));
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
