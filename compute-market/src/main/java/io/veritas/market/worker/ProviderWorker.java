package io.veritas.market.worker;

import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.CommittedBlock;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.types.Address;
import io.veritas.inference.engine.GenerationRequest;
import io.veritas.inference.engine.GenerationResult;
import io.veritas.inference.InferenceException;
import io.veritas.market.job.JobInference;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.market.module.MarketState;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.Provider;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;

/**
 * A compute provider inside the node: registers its key with a bond, watches each committed block for jobs assigned
 * to it ({@code JobAssigned} logs), runs them with the embedded runtime, keeps the trace root and salt
 * ({@link TraceSecretStore}) and sends {@code commitResult(jobId, outputTokens, keccak256(traceRoot ‖ salt))}.
 * Jobs run one at a time on the worker's own thread; the block listener only queues them, so it never slows the
 * chain down. On start it also picks up jobs assigned to it while it was down.
 */
public final class ProviderWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderWorker.class);
  /** How many of the most recent jobs a restarted worker looks through for its own open assignments. */
  private static final int RESUME_SCAN_JOBS = 10_000;

  private final ModuleCallSender sender;
  private final Blockchain chain;
  private final ModelCatalog models;
  private final TraceSecretStore secrets;
  private final ProviderFaults faults;
  private final SecureRandom random = new SecureRandom();
  private final WorkerThread thread;
  private final Set<BigInteger> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public ProviderWorker(ModuleCallSender sender, Blockchain chain, ModelCatalog models, TraceSecretStore secrets, ProviderFaults faults) {
    this.sender = sender;
    this.chain = chain;
    this.models = models;
    this.secrets = secrets;
    this.faults = faults;
    this.thread = new WorkerThread("provider-" + sender.address().toHexString().substring(0, 10));
  }

  public Address address() {
    return sender.address();
  }

  /** What a provider registers with. */
  public record Registration(List<Bytes32> models, UInt256 pricePerToken, Address payout, String endpoint, UInt256 bond) {}

  /**
   * Registers (or tops up the bond to {@code registration.bond()}) unless the chain already lists this provider
   * active with at least that bond; returns the registration transaction's hash if one was sent.
   */
  public Optional<Bytes32> ensureRegistered(Registration registration) {
    Optional<Provider> current = marketState().provider(sender.address());
    UInt256 topUp = registration.bond();
    if (current.isPresent() && !current.get().isDeregistered()) {
      if (!current.get().bond().lessThan(registration.bond())) {
        return Optional.empty();
      }
      topUp = registration.bond().subtract(current.get().bond());
    }
    Function register = new Function("registerProvider", List.of(
        new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class,
            registration.models().stream().map(m -> new org.web3j.abi.datatypes.generated.Bytes32(m.toArrayUnsafe())).toList()),
        new Uint256(registration.pricePerToken().toBigInteger()),
        new org.web3j.abi.datatypes.Address(registration.payout().toHexString()),
        new Utf8String(registration.endpoint())), List.of());
    Bytes32 hash = sender.send(ComputeMarketModule.ADDRESS, Bytes.fromHexString(FunctionEncoder.encode(register)), topUp);
    LOG.info("provider registration sent: provider={} bond={} tx={}", sender.address(), topUp.toDecimalString(), hash);
    return Optional.of(hash);
  }

  /** Listens for assignments from now on and queues those made while the worker was not running. */
  public void start() {
    chain.addNewHeadListener(this::onNewHead);
    thread.execute(this::resumeOpenAssignments);
  }

  private void resumeOpenAssignments() {
    MarketState market = marketState();
    BigInteger count = market.jobCount();
    BigInteger first = count.subtract(BigInteger.valueOf(RESUME_SCAN_JOBS)).max(BigInteger.ONE);
    for (BigInteger id = first; id.compareTo(count) <= 0; id = id.add(BigInteger.ONE)) {
      Optional<Job> job = market.job(id);
      if (job.isPresent() && job.get().status() == JobStatus.ASSIGNED && job.get().provider().equals(sender.address())) {
        enqueue(id);
      }
    }
  }

  private void onNewHead(CommittedBlock committed) {
    Bytes32 assignedTopic = ComputeMarketModule.JOB_ASSIGNED.topic();
    Bytes32 me = Bytes32.leftPad(sender.address().bytes());
    List<BigInteger> mine = new ArrayList<>();
    for (Receipt receipt : committed.receipts()) {
      for (Log log : receipt.logs()) {
        if (log.address().equals(ComputeMarketModule.ADDRESS) && log.topics().size() == 3
            && log.topics().get(0).equals(assignedTopic) && log.topics().get(2).equals(me)) {
          mine.add(log.topics().get(1).toUnsignedBigInteger());
        }
      }
    }
    mine.forEach(this::enqueue);
  }

  private void enqueue(BigInteger jobId) {
    if (closed || !queued.add(jobId)) {
      return;
    }
    thread.execute(() -> {
      try {
        serve(jobId);
      } catch (RuntimeException e) {
        LOG.error("provider {} could not serve job {}", sender.address(), jobId, e);
      } finally {
        queued.remove(jobId);
      }
    });
  }

  private void serve(BigInteger jobId) {
    if (closed) {
      return;
    }
    MarketState market = marketState();
    Optional<Job> found = market.job(jobId);
    if (found.isEmpty() || found.get().status() != JobStatus.ASSIGNED || !found.get().provider().equals(sender.address())) {
      return;
    }
    Job job = found.get();
    if (faults.neverCommit()) {
      LOG.warn("fault injection: provider {} leaves job {} uncommitted", sender.address(), jobId);
      return;
    }
    Optional<ModelCatalog.Entry> model = models.get(job.model());
    if (model.isEmpty()) {
      LOG.error("job {} asks for model {} which this node does not serve; it will time out", jobId, job.model());
      return;
    }
    TraceSecretStore.TraceSecret secret = secrets.get(jobId).orElse(null);
    if (secret == null) {
      secret = compute(job, market.prompt(jobId), model.get());
      if (secret == null) {
        return;
      }
      secrets.put(jobId, secret);
    }
    Bytes32 seal = JobInference.sealTrace(secret.traceRoot(), secret.salt());
    Function commit = new Function("commitResult", List.of(
        new Uint256(jobId),
        new DynamicArray<>(Uint32.class, java.util.Arrays.stream(secret.outputTokens()).mapToObj(t -> new Uint32(t)).toList()),
        new org.web3j.abi.datatypes.generated.Bytes32(seal.toArrayUnsafe())), List.of());
    Bytes32 hash = sender.send(ComputeMarketModule.ADDRESS, Bytes.fromHexString(FunctionEncoder.encode(commit)), UInt256.ZERO);
    LOG.info("result committed: job={} provider={} tokens={} tx={}", jobId, sender.address(), secret.outputTokens().length, hash);
  }

  private TraceSecretStore.TraceSecret compute(Job job, Bytes prompt, ModelCatalog.Entry model) {
    GenerationResult result;
    try {
      GenerationRequest request = JobInference.request(model.model().tokenizer(), prompt, job.maxTokens(), job.seed());
      result = model.engine().generate(request);
    } catch (InferenceException e) {
      // Deterministic for this job on every node (e.g. prompt + maxTokens beyond the model's context).
      LOG.error("job {} cannot run on model {}: {}; it will time out", job.id(), job.model(), e.getMessage());
      return null;
    }
    int[] tokens = result.outputTokens();
    Bytes32 root = Bytes32.wrap(result.traceRoot());
    if (ProviderFaults.hits(faults.wrongOutputFraction(), sender.address(), job.id()) && tokens.length > 0) {
      tokens[tokens.length - 1] = (tokens[tokens.length - 1] + 1) % model.model().model().config().vocabSize();
      LOG.warn("fault injection: provider {} commits a wrong output token for job {}", sender.address(), job.id());
    }
    if (ProviderFaults.hits(faults.wrongTraceFraction(), sender.address(), job.id())) {
      root = Bytes32.random(random);
      LOG.warn("fault injection: provider {} commits a made-up trace root for job {}", sender.address(), job.id());
    }
    return new TraceSecretStore.TraceSecret(root, Bytes32.random(random), tokens);
  }

  private MarketState marketState() {
    return new MarketState(new ModuleStorage(chain.headState(), ComputeMarketModule.ADDRESS));
  }

  @Override
  public void close() {
    closed = true;
    thread.close();
  }
}
