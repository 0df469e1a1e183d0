package io.veritas.verifier.worker;

import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.types.Address;
import io.veritas.inference.InferenceException;
import io.veritas.inference.engine.GenerationRequest;
import io.veritas.inference.engine.ReplayResult;
import io.veritas.market.job.JobInference;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.market.module.MarketState;
import io.veritas.market.rules.Job;
import io.veritas.market.worker.ModelCatalog;
import io.veritas.market.worker.ModuleCallSender;
import io.veritas.market.worker.ProviderFaults;
import io.veritas.market.worker.TraceSecretStore;
import io.veritas.market.worker.WorkerThread;
import io.veritas.verifier.module.VerifierModule;
import io.veritas.verifier.module.VerifierState;
import io.veritas.verifier.rules.Challenge;
import io.veritas.verifier.rules.ChallengePhase;
import io.veritas.verifier.rules.ChallengeTimeline;
import io.veritas.verifier.rules.Verdict;
import io.veritas.verifier.rules.VerdictSeal;
import io.veritas.verifier.rules.VerifierParameters;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The verification side of a node's providers (ARCHITECTURE.md §6), driven by the chain: after each block it reads
 * the open challenges that name one of its keys ({@code openChallengesOf}) and does what the next block allows —
 * as a drawn verifier, replays the job blind by one prefill pass and commits {@code keccak256(verdictRoot ‖ salt ‖
 * verifier)}, then reveals it; as the challenged provider, reveals its trace root and salt from its
 * {@link TraceSecretStore}. Verdict roots follow {@link VerdictSeal}: the replayed trace root when every output token
 * is the sampler's choice, else the mismatch root of the first position that is not (or of position 2^32 − 1 when the
 * claimed output cannot be replayed at all). Work runs on the worker's own thread; a block only schedules a pass.
 */
public final class VerificationWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VerificationWorker.class);
  /** Blocks after which a transaction the chain has not acted on is sent again (it may have been dropped). */
  private static final long RESEND_AFTER_BLOCKS = 4;
  private static final long UNREPLAYABLE_POSITION = 0xFFFF_FFFFL;

  /** One key this node acts for: its sender, its provider secrets and its verdict secrets, and its faults. */
  public record Identity(ModuleCallSender sender, TraceSecretStore providerSecrets, TraceSecretStore verdictSecrets,
      ProviderFaults providerFaults, VerifierFaults verifierFaults) {
    Address address() {
      return sender.address();
    }
  }

  private final Blockchain chain;
  private final ModelCatalog models;
  private final ChallengeTimeline timeline;
  private final List<Identity> identities;
  private final SecureRandom random = new SecureRandom();
  private final WorkerThread thread;
  private final AtomicBoolean passScheduled = new AtomicBoolean();
  /** What was sent and at which head, so a pass does not send it again until it looks lost. Worker thread only. */
  private final Map<String, Long> sent = new HashMap<>();
  private volatile boolean closed;

  public VerificationWorker(Blockchain chain, ModelCatalog models, VerifierParameters params, List<Identity> identities) {
    this.chain = chain;
    this.models = models;
    this.timeline = new ChallengeTimeline(params);
    this.identities = List.copyOf(identities);
    this.thread = new WorkerThread("verifier");
  }

  public void start() {
    chain.addNewHeadListener(block -> schedulePass());
    schedulePass();
  }

  private void schedulePass() {
    if (closed || !passScheduled.compareAndSet(false, true)) {
      return;
    }
    thread.execute(() -> {
      passScheduled.set(false);
      try {
        pass();
      } catch (RuntimeException e) {
        LOG.error("verification pass failed", e);
      }
    });
  }

  private void pass() {
    long head = chain.head().number();
    long next = head + 1;
    WorldState state = chain.headState();
    VerifierState verifier = new VerifierState(new ModuleStorage(state, VerifierModule.ADDRESS));
    MarketState market = new MarketState(new ModuleStorage(state, ComputeMarketModule.ADDRESS));
    for (Identity me : identities) {
      for (BigInteger id : verifier.openChallengesOf(me.address())) {
        if (closed) {
          return;
        }
        Optional<Challenge> found = verifier.challenge(id);
        if (found.isEmpty() || !found.get().isOpen()) {
          continue;
        }
        try {
          act(me, found.get(), market, head, next);
        } catch (ModuleCallSender.SubmissionRefusedException e) {
          LOG.warn("challenge {}: {}", id, e.getMessage());
        }
      }
    }
  }

  private void act(Identity me, Challenge c, MarketState market, long head, long next) {
    ChallengePhase phase = timeline.phase(c, next);
    if (c.provider().equals(me.address())) {
      if (phase == ChallengePhase.REVEAL && !c.traceRevealed() && !me.providerFaults().neverReveal()
          && due("trace:" + c.id(), head)) {
        Optional<TraceSecretStore.TraceSecret> secret = me.providerSecrets().get(c.jobId());
        if (secret.isEmpty()) {
          LOG.error("challenge {}: provider {} has no trace secret for job {} and cannot reveal", c.id(), me.address(), c.jobId());
          return;
        }
        send(me, "revealTrace", c.id(), secret.get().traceRoot(), secret.get().salt());
        LOG.info("trace revealed: challenge={} job={} provider={}", c.id(), c.jobId(), me.address());
      }
      return;
    }
    Optional<Integer> index = c.currentRoundIndex(me.address());
    if (index.isEmpty()) {
      return;
    }
    Verdict verdict = c.verdicts().get(index.get());
    // One verdict per challenge, whatever the round: the replay gives the same root in both rounds, and the seal
    // binds root, salt and verifier but not the round — a commit sent late for round 1 counts for round 2 (the module
    // takes commits for its current round), and its reveal must find the same secret.
    BigInteger key = c.id();
    if (!verdict.committed() && phase == ChallengePhase.COMMIT && due("commit:" + c.id() + ":" + c.round(), head)) {
      TraceSecretStore.TraceSecret secret = me.verdictSecrets().get(key).orElse(null);
      if (secret == null) {
        Bytes32 root = me.verifierFaults().lazy() ? Bytes32.ZERO : replay(market, c.jobId());
        secret = new TraceSecretStore.TraceSecret(root, Bytes32.random(random), new int[0]);
        me.verdictSecrets().put(key, secret);
      }
      Function commit = new Function("commitVerdict", List.of(new Uint256(c.id()),
          new org.web3j.abi.datatypes.generated.Bytes32(VerdictSeal.sealVerdict(secret.traceRoot(), secret.salt(), me.address()).toArrayUnsafe())),
          List.of());
      me.sender().send(VerifierModule.ADDRESS, Bytes.fromHexString(FunctionEncoder.encode(commit)), UInt256.ZERO);
      LOG.info("verdict committed: challenge={} round={} job={} verifier={}{}", c.id(), c.round(), c.jobId(), me.address(),
          me.verifierFaults().lazy() ? " (lazy: not replayed)" : "");
    } else if (verdict.committed() && !verdict.revealed() && phase == ChallengePhase.REVEAL && !me.verifierFaults().neverReveal()
        && due("reveal:" + c.id() + ":" + c.round(), head)) {
      Optional<TraceSecretStore.TraceSecret> secret = me.verdictSecrets().get(key);
      if (secret.isEmpty()) {
        LOG.error("challenge {}: verifier {} committed but has lost its verdict secret", c.id(), me.address());
        return;
      }
      send(me, "revealVerdict", c.id(), secret.get().traceRoot(), secret.get().salt());
      LOG.info("verdict revealed: challenge={} round={} verifier={}", c.id(), c.round(), me.address());
    }
  }

  /** The verdict root for the job's committed output: a blind replay by one prefill pass. */
  private Bytes32 replay(MarketState market, BigInteger jobId) {
    Job job = market.job(jobId).orElseThrow();
    Optional<ModelCatalog.Entry> model = models.get(job.model());
    if (model.isEmpty()) {
      // Drawn verifiers serve the model (the draw is among its providers); a node that lost it cannot judge.
      throw new IllegalStateException("verifier has no model " + job.model() + " to replay job " + jobId);
    }
    int[] output = market.outputTokens(jobId).stream().mapToInt(Long::intValue).toArray();
    try {
      GenerationRequest request = JobInference.request(model.get().model().tokenizer(), market.prompt(jobId), job.maxTokens(), job.seed());
      ReplayResult result = model.get().engine().replay(request, output);
      if (result.tokenMismatch().isPresent()) {
        return VerdictSeal.mismatchRoot(result.tokenMismatch().get().position());
      }
      return Bytes32.wrap(result.traceRoot());
    } catch (InferenceException e) {
      LOG.info("job {} output cannot be replayed ({}): verdict is the unreplayable root", jobId, e.getMessage());
      return VerdictSeal.mismatchRoot(UNREPLAYABLE_POSITION);
    }
  }

  private void send(Identity me, String method, BigInteger challengeId, Bytes32 root, Bytes32 salt) {
    Function f = new Function(method, List.of(new Uint256(challengeId),
        new org.web3j.abi.datatypes.generated.Bytes32(root.toArrayUnsafe()),
        new org.web3j.abi.datatypes.generated.Bytes32(salt.toArrayUnsafe())), List.of());
    me.sender().send(VerifierModule.ADDRESS, Bytes.fromHexString(FunctionEncoder.encode(f)), UInt256.ZERO);
  }

  /** True (and remembered) unless {@code action} was sent within the last few blocks. */
  private boolean due(String action, long head) {
    Long at = sent.get(action);
    if (at != null && head < at + RESEND_AFTER_BLOCKS) {
      return false;
    }
    sent.put(action, head);
    return true;
  }

  @Override
  public void close() {
    closed = true;
    thread.close();
  }
}
