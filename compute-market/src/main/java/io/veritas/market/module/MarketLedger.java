package io.veritas.market.module;

import io.veritas.chain.module.ModuleCall;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.types.Address;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.Provider;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute market's jobs and providers as another module sees them (ARCHITECTURE.md §6): the verifier reads a
 * committed job to replay it, draws verifiers among registered providers, holds the job from settlement while it
 * is challenged, releases it with the verdict, and slashes a loser's bond.
 *
 * <p>Two kinds: {@link #of(ModuleCall)} inside another module's call (reads and writes the market's storage in
 * that call, so a revert of the call undoes them), and {@link #reading(ModuleStateView)} for {@code dueCalls}
 * (reads only; the write methods throw). The market emits no log for what another module does through the ledger
 * (logs belong to the module whose call emits them): the calling module emits its own events (challenge
 * issued/resolved, slashed).
 */
public final class MarketLedger {
  /** The compute market's account: its storage holds the records, its balance the bonds, escrows and fees. */
  public static final Address MARKET = ComputeMarketModule.ADDRESS;

  private static final Logger LOG = LoggerFactory.getLogger(MarketLedger.class);

  private final MarketState state;
  private final ModuleCall call; // null for a read-only ledger

  private MarketLedger(ModuleStorage marketStorage, ModuleCall call) {
    if (!marketStorage.account().equals(MARKET)) {
      throw new IllegalArgumentException("the market ledger reads the storage of " + MARKET + ", not of " + marketStorage.account());
    }
    this.state = new MarketState(marketStorage);
    this.call = call;
  }

  /** The ledger inside {@code call} (a call of any module): reads and writes go to the market's storage in that call. */
  public static MarketLedger of(ModuleCall call) {
    Objects.requireNonNull(call, "call");
    return new MarketLedger(call.storageOf(MARKET), call);
  }

  /** A read-only ledger over a state view, for {@code ProtocolDuties.dueCalls}. */
  public static MarketLedger reading(ModuleStateView view) {
    return new MarketLedger(view.storageOf(MARKET), null);
  }

  /** A read-only ledger over the market's storage (e.g. an RPC handler's head state). */
  public static MarketLedger reading(ModuleStorage marketStorage) {
    return new MarketLedger(marketStorage, null);
  }

  // ---- reads

  /** The last job id (ids are 1..jobCount). */
  public BigInteger jobCount() {
    return state.jobCount();
  }

  public Optional<Job> job(BigInteger jobId) {
    return state.job(jobId);
  }

  public Bytes prompt(BigInteger jobId) {
    return state.prompt(jobId);
  }

  /** The committed output tokens (empty before the commit). */
  public List<Long> outputTokens(BigInteger jobId) {
    return state.outputTokens(jobId);
  }

  /** The challenge that holds or last held the job, 0 if it was never challenged. */
  public BigInteger challengeOf(BigInteger jobId) {
    return state.challengeOf(jobId);
  }

  public Optional<Provider> provider(Address address) {
    return state.provider(address);
  }

  /**
   * Registered providers that serve {@code model}, are not deregistered and hold a bond ≥ {@code minBond}, in
   * ascending address order: the pool the verifier draws verifiers from (verifiers are registered providers).
   */
  public List<Provider> servingProviders(Bytes32 model, UInt256 minBond) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(minBond, "minBond");
    return state.providers().stream()
        .filter(p -> p.serves(model) && !p.isDeregistered() && !p.bond().lessThan(minBond))
        .sorted(Comparator.comparing(Provider::address))
        .toList();
  }

  // ---- writes (inside a call)

  /**
   * Holds committed job {@code jobId} from settlement while challenge {@code challengeId} runs: its status becomes
   * {@link JobStatus#CHALLENGED} and no protocol settlement touches it until {@link #releaseHonest} or {@link
   * #releaseCheating}. Reverts unless the job is committed and not yet settled.
   */
  public void holdForChallenge(BigInteger jobId, BigInteger challengeId) throws ModuleRevertException {
    ModuleCall c = writable();
    ModuleRevertException.require(challengeId.signum() > 0, "challenge ids start at 1, got " + challengeId);
    Job job = existingJob(jobId);
    if (job.status() == JobStatus.CHALLENGED) {
      throw new ModuleRevertException("job " + jobId + " is already held by challenge " + state.challengeOf(jobId));
    }
    ModuleRevertException.require(job.status() == JobStatus.COMMITTED,
        "job " + jobId + " cannot be challenged: it is " + ComputeMarketModule.statusName(job.status()));
    state.putJob(job.withStatus(JobStatus.CHALLENGED));
    state.putChallenge(jobId, challengeId);
    LOG.debug("job held for challenge: block={} job={} challenge={}", c.block().number(), jobId, challengeId);
  }

  /**
   * The challenge found the provider honest: the job is {@link JobStatus#COMMITTED} again and settles like any other,
   * from the end of its challenge window or, when that has passed, in the next block.
   */
  public void releaseHonest(BigInteger jobId) throws ModuleRevertException {
    ModuleCall c = writable();
    Job job = heldJob(jobId);
    state.putJob(job.withStatus(JobStatus.COMMITTED));
    // The protocol may already have looked past the job's own queue entry while it was held; a second entry in the
    // next block's queue makes sure it is seen again (an entry for a job not yet due, or already settled, is skipped).
    state.pushDue(c.block().number() + 1, jobId);
    LOG.debug("job released honest: block={} job={} challenge={}", c.block().number(), jobId, state.challengeOf(jobId));
  }

  /**
   * The challenge found the result wrong: the job becomes {@link JobStatus#REJECTED} (final), the fee it held goes
   * back to the client (the rest of the escrow already did at the commit), and the provider is not paid. Returns the
   * wei refunded. Slashing is a separate {@link #slashProvider} call.
   */
  public UInt256 releaseCheating(BigInteger jobId) throws ModuleRevertException {
    ModuleCall c = writable();
    Job job = heldJob(jobId);
    long now = c.block().number();
    state.putJob(job.closed(JobStatus.REJECTED, now));
    Provider provider = registered(job.provider());
    state.putProvider(provider.withJobCounts(provider.activeJobs(), provider.openJobs() - 1));
    c.payFrom(MARKET, job.client(), job.fee());
    LOG.debug("job rejected: block={} job={} challenge={} provider={} refund={}", now, jobId, state.challengeOf(jobId), job.provider(),
        job.fee());
    return job.fee();
  }

  /**
   * Takes {@code min(amount, bond)} from {@code provider}'s bond and returns what was taken. The wei stays in the
   * market's balance: the caller moves it in the same call with {@code payFrom(MARKET, to, x)} and
   * {@code burnFrom(MARKET, y)}. A provider left below the minimum bond gets no new jobs (nor verification draws
   * that ask for the minimum). {@code reason} goes to the log; the caller emits the {@code Slashed} event.
   */
  public UInt256 slashProvider(Address provider, UInt256 amount, String reason) throws ModuleRevertException {
    ModuleCall c = writable();
    Objects.requireNonNull(reason, "reason");
    Provider p = registered(provider);
    UInt256 taken = p.bond().lessThan(amount) ? p.bond() : amount;
    state.putProvider(p.withBond(p.bond().subtract(taken)));
    LOG.info("provider slashed: block={} provider={} asked={} taken={} bondLeft={} reason={}", c.block().number(), provider, amount, taken,
        p.bond().subtract(taken), reason);
    return taken;
  }

  private ModuleCall writable() {
    if (call == null) {
      throw new IllegalStateException("this market ledger only reads (built from a state view); writes need MarketLedger.of(call)");
    }
    return call;
  }

  private Job existingJob(BigInteger jobId) throws ModuleRevertException {
    return ComputeMarketModule.existingJob(state, jobId);
  }

  private Job heldJob(BigInteger jobId) throws ModuleRevertException {
    Job job = existingJob(jobId);
    ModuleRevertException.require(job.status() == JobStatus.CHALLENGED,
        "job " + jobId + " is not held by a challenge: it is " + ComputeMarketModule.statusName(job.status()));
    return job;
  }

  private Provider registered(Address address) throws ModuleRevertException {
    return ComputeMarketModule.registered(state, address);
  }
}
