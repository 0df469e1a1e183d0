package io.veritas.market.output;

import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.p2p.host.Host;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.types.Address;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.market.module.MarketState;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.worker.ModelCatalog;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.tuweni.bytes.Bytes;

/**
 * {@value #PROTOCOL}: a provider's node serves the output of the jobs its providers committed — the tokens (as on
 * chain) and their text in the model's tokenizer — and any node can fetch a job's output from the provider's
 * registered endpoint.
 */
public final class JobOutputService {
  public static final String PROTOCOL = "/veritas/job/output/1";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Host host;
  private final Blockchain chain;
  private final ModelCatalog models;
  private final Set<Address> providers;

  public JobOutputService(Host host, Blockchain chain, ModelCatalog models, Set<Address> providers) {
    this.host = host;
    this.chain = chain;
    this.models = models;
    this.providers = Set.copyOf(providers);
  }

  /** Answers requests from now on. */
  public void register() {
    host.registerRequestHandler(PROTOCOL, JobOutputMessages.MAX_REQUEST_BYTES,
        (peer, request) -> CompletableFuture.completedFuture(serve(Bytes.wrap(request)).toArrayUnsafe()));
  }

  Bytes serve(Bytes request) {
    BigInteger jobId;
    try {
      jobId = JobOutputMessages.decodeRequest(request);
    } catch (InvalidRlpException e) {
      return JobOutputMessages.notServed("malformed request: " + e.getMessage());
    }
    return local(jobId).map(JobOutputMessages::found).orElseGet(() -> JobOutputMessages.notServed(
        "job " + jobId + " was not committed by a provider of this node"));
  }

  /** The output of {@code jobId} when one of this node's providers committed it and the node has its model. */
  public Optional<JobOutputMessages.JobOutput> local(BigInteger jobId) {
    MarketState market = new MarketState(new ModuleStorage(chain.headState(), ComputeMarketModule.ADDRESS));
    Optional<Job> job = market.job(jobId);
    if (job.isEmpty() || job.get().status() == JobStatus.ASSIGNED || !providers.contains(job.get().provider())) {
      return Optional.empty();
    }
    Optional<ModelCatalog.Entry> model = models.get(job.get().model());
    if (model.isEmpty()) {
      return Optional.empty();
    }
    int[] tokens = market.outputTokens(jobId).stream().mapToInt(Long::intValue).toArray();
    return Optional.of(new JobOutputMessages.JobOutput(jobId, tokens, model.get().model().tokenizer().decode(tokens)));
  }

  /** Fetches {@code jobId}'s output from the provider at {@code endpoint} (a multiaddr ending in /p2p/&lt;peer id&gt;). */
  public CompletableFuture<JobOutputMessages.Answer> fetch(Multiaddr endpoint, BigInteger jobId) {
    return host.dial(endpoint).thenCompose((PeerId peer) -> host.request(peer, PROTOCOL,
            JobOutputMessages.request(jobId).toArrayUnsafe(), JobOutputMessages.MAX_RESPONSE_BYTES, TIMEOUT))
        .thenApply(bytes -> JobOutputMessages.decodeResponse(jobId, Bytes.wrap(bytes)));
  }
}
