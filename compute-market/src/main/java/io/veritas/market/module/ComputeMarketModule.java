package io.veritas.market.module;

import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.module.AbiParam;
import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.chain.module.ModuleCall;
import io.veritas.chain.module.ModuleEvent;
import io.veritas.chain.module.ModuleMethod;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.Mutability;
import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.module.ProtocolDuties;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import io.veritas.market.rewards.RewardsLedger;
import io.veritas.market.rewards.RewardsParameters;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobLifecycle;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.MarketParameters;
import io.veritas.market.rules.Provider;
import io.veritas.market.rules.ProviderSelection;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
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
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * The compute market native module at {@code 0x…2000} (ARCHITECTURE.md §5): providers bond and register the
 * models they serve, clients submit inference jobs with an escrow, each job is assigned from the block's
 * beacon weighted by bond, the provider commits its output and a sealed trace, and the fee is paid after
 * the challenge window; a missed deadline costs the provider a penalty and moves the job once, then refunds it.
 *
 * <p>Settlements and expiries are the market's protocol duty ({@link ProtocolDuties}): every node asks
 * {@link #dueCalls} at the start of each block, which walks the due queue ({@link DueScan}) and asks for one PAYOUT
 * protocol transaction {@code processDue(jobIds, cursor)} when jobs are due; no user can call it. The time rules are
 * {@link JobLifecycle}. A settlement credits the job's work units to the rewards module when the market is built
 * with {@link RewardsParameters}. The verifier module acts on jobs and bonds through {@link MarketLedger}.
 */
public final class ComputeMarketModule implements NativeModule, ProtocolDuties {
  public static final Address ADDRESS = Address.fromLong(0x2000);
  /** Models one provider may list: bounds the storage a registration writes. */
  public static final int MAX_MODELS_PER_PROVIDER = 16;
  /** Longest endpoint (a libp2p multiaddr with peer id fits easily). */
  public static final int MAX_ENDPOINT_BYTES = 256;
  /** Highest price per token, 2^128 wei: price × maxTokens (< 2^32) then never wraps a uint256. */
  public static final UInt256 MAX_PRICE_PER_TOKEN = UInt256.ONE.shiftLeft(128);
  /** Classpath resource holding this module's ABI JSON (kept equal to {@link ModuleAbiJson#render} by a test). */
  public static final String ABI_RESOURCE = "/io/veritas/market/module/compute-market.abi.json";

  public static final ModuleEvent PROVIDER_REGISTERED = new ModuleEvent("ProviderRegistered", List.of(
      AbiParam.indexed("provider", "address"), AbiParam.of("bond", "uint256"), AbiParam.of("pricePerToken", "uint256")));
  public static final ModuleEvent PROVIDER_DEREGISTERED = new ModuleEvent("ProviderDeregistered", List.of(
      AbiParam.indexed("provider", "address"), AbiParam.of("unbondsAt", "uint64")));
  public static final ModuleEvent BOND_WITHDRAWN = new ModuleEvent("BondWithdrawn", List.of(
      AbiParam.indexed("provider", "address"), AbiParam.of("amount", "uint256")));
  public static final ModuleEvent JOB_SUBMITTED = new ModuleEvent("JobSubmitted", List.of(
      AbiParam.indexed("jobId", "uint256"), AbiParam.indexed("client", "address"), AbiParam.of("model", "bytes32")));
  public static final ModuleEvent JOB_ASSIGNED = new ModuleEvent("JobAssigned", List.of(
      AbiParam.indexed("jobId", "uint256"), AbiParam.indexed("provider", "address")));
  public static final ModuleEvent RESULT_COMMITTED = new ModuleEvent("ResultCommitted", List.of(
      AbiParam.indexed("jobId", "uint256"), AbiParam.indexed("provider", "address"), AbiParam.of("outputTokens", "uint32")));
  public static final ModuleEvent JOB_SETTLED = new ModuleEvent("JobSettled", List.of(
      AbiParam.indexed("jobId", "uint256"), AbiParam.indexed("provider", "address"), AbiParam.of("fee", "uint256")));
  public static final ModuleEvent JOB_REFUNDED = new ModuleEvent("JobRefunded", List.of(
      AbiParam.indexed("jobId", "uint256"), AbiParam.indexed("client", "address"), AbiParam.of("amount", "uint256")));
  public static final ModuleEvent PROVIDER_PENALIZED = new ModuleEvent("ProviderPenalized", List.of(
      AbiParam.indexed("provider", "address"), AbiParam.indexed("jobId", "uint256"), AbiParam.of("amount", "uint256")));

  private static final Logger LOG = LoggerFactory.getLogger(ComputeMarketModule.class);

  private final MarketParameters params;
  private final ProviderSelection selection;
  private final JobLifecycle lifecycle;
  private final DueScan dueScan;
  private final Optional<RewardsLedger> rewards;
  private final List<ModuleMethod> methods;

  /** A market whose settlements credit no reward work (a chain without the rewards module). */
  public ComputeMarketModule(MarketParameters params) {
    this(params, Optional.empty());
  }

  /** A market whose settlements credit each job's work units to the rewards module (ARCHITECTURE.md §5.5). */
  public ComputeMarketModule(MarketParameters params, RewardsParameters rewards) {
    this(params, Optional.of(new RewardsLedger(Objects.requireNonNull(rewards, "rewards"))));
  }

  private ComputeMarketModule(MarketParameters params, Optional<RewardsLedger> rewards) {
    this.params = Objects.requireNonNull(params, "params");
    this.rewards = rewards;
    this.selection = new ProviderSelection(params);
    this.lifecycle = new JobLifecycle(params);
    this.dueScan = new DueScan(lifecycle);
    this.methods = List.of(
        new ModuleMethod("registerProvider",
            List.of(AbiParam.of("models", "bytes32[]"), AbiParam.of("pricePerToken", "uint256"), AbiParam.of("payout", "address"),
                AbiParam.of("endpoint", "string")),
            List.of(), Mutability.PAYABLE, 60_000, 16, this::registerProvider),
        new ModuleMethod("deregisterProvider", List.of(), List.of(), Mutability.NONPAYABLE, 20_000, 0, this::deregisterProvider),
        new ModuleMethod("withdrawBond", List.of(), List.of(), Mutability.NONPAYABLE, 20_000, 0, this::withdrawBond),
        new ModuleMethod("submitJob",
            List.of(AbiParam.of("model", "bytes32"), AbiParam.of("prompt", "bytes"), AbiParam.of("maxTokens", "uint32"),
                AbiParam.of("seed", "uint64")),
            List.of(AbiParam.of("jobId", "uint256")), Mutability.PAYABLE, 100_000, 320, this::submitJob),
        new ModuleMethod("commitResult",
            List.of(AbiParam.of("jobId", "uint256"), AbiParam.of("outputTokens", "uint32[]"), AbiParam.of("sealedTrace", "bytes32")),
            List.of(), Mutability.NONPAYABLE, 50_000, 64, this::commitResult),
        new ModuleMethod("processDue",
            List.of(AbiParam.of("jobIds", "uint256[]"), AbiParam.of("cursorHeight", "uint64"), AbiParam.of("cursorIndex", "uint64")),
            List.of(), Mutability.NONPAYABLE, 30_000, 0, this::processDue),
        new ModuleMethod("getJob", List.of(AbiParam.of("jobId", "uint256")),
            List.of(AbiParam.of("status", "uint8"), AbiParam.of("client", "address"), AbiParam.of("provider", "address"),
                AbiParam.of("model", "bytes32"), AbiParam.of("maxTokens", "uint32"), AbiParam.of("seed", "uint64"),
                AbiParam.of("escrow", "uint256"), AbiParam.of("pricePerToken", "uint256"), AbiParam.of("fee", "uint256"),
                AbiParam.of("outputTokens", "uint32[]"), AbiParam.of("sealedTrace", "bytes32"),
                AbiParam.of("submittedAt", "uint64"), AbiParam.of("assignedAt", "uint64"), AbiParam.of("committedAt", "uint64"),
                AbiParam.of("closedAt", "uint64"), AbiParam.of("reassignments", "uint8"), AbiParam.of("previousProvider", "address")),
            Mutability.VIEW, 10_000, 0, this::getJob),
        new ModuleMethod("getPrompt", List.of(AbiParam.of("jobId", "uint256")), List.of(AbiParam.of("prompt", "bytes")),
            Mutability.VIEW, 10_000, 0, this::getPrompt),
        new ModuleMethod("jobChallenge", List.of(AbiParam.of("jobId", "uint256")), List.of(AbiParam.of("challengeId", "uint256")),
            Mutability.VIEW, 2_000, 0, this::jobChallenge),
        new ModuleMethod("dueTransition", List.of(AbiParam.of("jobId", "uint256")),
            List.of(AbiParam.of("transition", "uint8"), AbiParam.of("dueAt", "uint64")), Mutability.VIEW, 5_000, 0, this::dueTransition),
        new ModuleMethod("getProvider", List.of(AbiParam.of("provider", "address")),
            List.of(AbiParam.of("bond", "uint256"), AbiParam.of("pricePerToken", "uint256"), AbiParam.of("payout", "address"),
                AbiParam.of("endpoint", "string"), AbiParam.of("models", "bytes32[]"), AbiParam.of("registeredAt", "uint64"),
                AbiParam.of("deregisteredAt", "uint64"), AbiParam.of("activeJobs", "uint32"), AbiParam.of("openJobs", "uint32"),
                AbiParam.of("settledJobs", "uint64"), AbiParam.of("timeouts", "uint64")),
            Mutability.VIEW, 10_000, 0, this::getProvider),
        new ModuleMethod("providerAt", List.of(AbiParam.of("index", "uint256")), List.of(AbiParam.of("provider", "address")),
            Mutability.VIEW, 2_000, 0, this::providerAt),
        new ModuleMethod("providerCount", List.of(), List.of(AbiParam.of("", "uint256")), Mutability.VIEW, 2_000, 0, this::providerCount),
        new ModuleMethod("jobCount", List.of(), List.of(AbiParam.of("", "uint256")), Mutability.VIEW, 2_000, 0, this::jobCount));
  }

  @Override
  public Address address() {
    return ADDRESS;
  }

  @Override
  public String name() {
    return "compute-market";
  }

  @Override
  public List<ModuleMethod> methods() {
    return methods;
  }

  @Override
  public List<ModuleEvent> events() {
    return List.of(PROVIDER_REGISTERED, PROVIDER_DEREGISTERED, BOND_WITHDRAWN, JOB_SUBMITTED, JOB_ASSIGNED, RESULT_COMMITTED,
        JOB_SETTLED, JOB_REFUNDED, PROVIDER_PENALIZED);
  }

  public MarketParameters parameters() {
    return params;
  }

  public JobLifecycle lifecycle() {
    return lifecycle;
  }

  // ---- providers

  private List<Type<?>> registerProvider(ModuleCall call) throws ModuleRevertException {
    List<Bytes32> models = new ArrayList<>();
    for (Object model : call.arg(0, DynamicArray.class).getValue()) {
      models.add(Bytes32.wrap(((org.web3j.abi.datatypes.generated.Bytes32) model).getValue()));
    }
    UInt256 price = UInt256.valueOf(call.arg(1, Uint256.class).getValue());
    Address payout = address(call.arg(2, org.web3j.abi.datatypes.Address.class));
    String endpoint = call.arg(3, Utf8String.class).getValue();
    int endpointBytes = endpoint.getBytes(StandardCharsets.UTF_8).length;

    ModuleRevertException.require(!models.isEmpty(), "registerProvider needs at least one model");
    ModuleRevertException.require(models.size() <= MAX_MODELS_PER_PROVIDER,
        "registerProvider takes at most " + MAX_MODELS_PER_PROVIDER + " models, got " + models.size());
    Set<Bytes32> seen = new HashSet<>();
    for (Bytes32 model : models) {
      ModuleRevertException.require(!model.isZero(), "model id 0x00…00 is not a model");
      ModuleRevertException.require(seen.add(model), "model " + model + " is listed twice");
    }
    ModuleRevertException.require(!price.isZero(), "pricePerToken must be positive");
    ModuleRevertException.require(!price.greaterThan(MAX_PRICE_PER_TOKEN),
        "pricePerToken " + price.toDecimalString() + " wei exceeds the maximum " + MAX_PRICE_PER_TOKEN.toDecimalString() + " wei");
    ModuleRevertException.require(!payout.equals(Address.ZERO), "payout must not be the zero address");
    ModuleRevertException.require(endpointBytes > 0, "endpoint must not be empty");
    ModuleRevertException.require(endpointBytes <= MAX_ENDPOINT_BYTES,
        "endpoint is " + endpointBytes + " bytes; at most " + MAX_ENDPOINT_BYTES);

    MarketState state = state(call);
    Optional<Provider> existing = state.provider(call.caller());
    UInt256 bond = existing.map(Provider::bond).orElse(UInt256.ZERO).add(call.value());
    ModuleRevertException.require(!bond.lessThan(params.minProviderBond()),
        "bond too small: provider " + call.caller() + " would hold " + bond.toDecimalString() + " wei (sent "
            + call.value().toDecimalString() + "), the minimum is " + params.minProviderBond().toDecimalString() + " wei");
    long now = call.block().number();
    // Re-registering updates the offer, adds the value to the bond, and cancels a pending deregistration.
    Provider updated = new Provider(call.caller(), bond, price, payout, endpoint, models,
        existing.map(Provider::registeredAt).orElse(now), 0,
        existing.map(Provider::activeJobs).orElse(0L), existing.map(Provider::openJobs).orElse(0L),
        existing.map(Provider::settledJobs).orElse(0L), existing.map(Provider::timeouts).orElse(0L));
    state.putProvider(updated);
    call.emit(PROVIDER_REGISTERED, abi(call.caller()), new Uint256(bond.toBigInteger()), new Uint256(price.toBigInteger()));
    LOG.debug("provider registered: block={} provider={} bond={} price={} models={}", now, call.caller(), bond, price, models.size());
    return List.of();
  }

  private List<Type<?>> deregisterProvider(ModuleCall call) throws ModuleRevertException {
    MarketState state = state(call);
    Provider provider = registered(state, call.caller());
    ModuleRevertException.require(!provider.isDeregistered(),
        "provider " + provider.address() + " already deregistered at block " + provider.deregisteredAt());
    long now = call.block().number();
    Provider deregistered = provider.withDeregisteredAt(now);
    state.putProvider(deregistered);
    call.emit(PROVIDER_DEREGISTERED, abi(provider.address()), new Uint64(lifecycle.unbondingHeight(deregistered)));
    return List.of();
  }

  private List<Type<?>> withdrawBond(ModuleCall call) throws ModuleRevertException {
    MarketState state = state(call);
    Provider provider = registered(state, call.caller());
    ModuleRevertException.require(provider.isDeregistered(),
        "provider " + provider.address() + " must call deregisterProvider() before withdrawing its bond");
    long now = call.block().number();
    long unbondsAt = lifecycle.unbondingHeight(provider);
    ModuleRevertException.require(now >= unbondsAt,
        "bond of " + provider.address() + " unbonds at block " + unbondsAt + "; this is block " + now);
    ModuleRevertException.require(provider.openJobs() == 0,
        "provider " + provider.address() + " still has " + provider.openJobs() + " open jobs; its bond stays until they settle or expire");
    ModuleRevertException.require(!provider.bond().isZero(), "provider " + provider.address() + " has no bond to withdraw");
    UInt256 amount = provider.bond();
    state.putProvider(provider.withBond(UInt256.ZERO));
    call.pay(provider.address(), amount);
    call.emit(BOND_WITHDRAWN, abi(provider.address()), new Uint256(amount.toBigInteger()));
    return List.of();
  }

  // ---- jobs

  private List<Type<?>> submitJob(ModuleCall call) throws ModuleRevertException {
    Bytes32 model = Bytes32.wrap(call.arg(0, org.web3j.abi.datatypes.generated.Bytes32.class).getValue());
    Bytes prompt = Bytes.wrap(call.arg(1, DynamicBytes.class).getValue());
    long maxTokens = call.arg(2, Uint32.class).getValue().longValueExact();
    long seed = call.arg(3, Uint64.class).getValue().longValue(); // the 64 bits of the uint64
    UInt256 escrow = call.value();

    ModuleRevertException.require(!prompt.isEmpty(), "prompt must not be empty");
    ModuleRevertException.require(prompt.size() <= params.maxPromptBytes(),
        "prompt is " + prompt.size() + " bytes; at most " + params.maxPromptBytes());
    ModuleRevertException.require(maxTokens > 0, "maxTokens must be at least 1");
    ModuleRevertException.require(maxTokens <= params.maxTokensPerJob(),
        "maxTokens " + maxTokens + " exceeds the limit of " + params.maxTokensPerJob() + " per job");
    MarketState state = state(call);
    List<Provider> providers = state.providers();
    List<Provider> serving = selection.serving(providers, model);
    if (serving.isEmpty()) {
      long listing = providers.stream().filter(p -> p.serves(model)).count();
      throw new ModuleRevertException(listing == 0
          ? "unknown model " + model + ": no registered provider serves it"
          : "no active provider serves model " + model + ": the " + listing
              + " that list it are deregistered or hold less than the minimum bond of " + params.minProviderBond().toDecimalString() + " wei");
    }
    UInt256 cheapest = ProviderSelection.cheapestPrice(serving).orElseThrow();
    UInt256 needed = ProviderSelection.maxCost(cheapest, maxTokens);
    ModuleRevertException.require(!escrow.lessThan(needed),
        "escrow too small: " + maxTokens + " tokens at " + cheapest.toDecimalString() + " wei need " + needed.toDecimalString()
            + " wei, sent " + escrow.toDecimalString());
    List<Provider> eligible = selection.eligible(serving, maxTokens, escrow, Address.ZERO);
    if (eligible.isEmpty()) {
      long atCapacity = serving.stream().filter(p -> p.activeJobs() >= params.providerCapacity()).count();
      throw new ModuleRevertException(
          "no provider of model " + model + " can take the job now: " + serving.size() + " serve it, " + atCapacity
              + " at capacity (" + params.providerCapacity() + " jobs each), " + (serving.size() - atCapacity)
              + " priced above the escrow of " + escrow.toDecimalString() + " wei for " + maxTokens + " tokens");
    }
    BigInteger jobId = state.nextJobId();
    Provider chosen = ProviderSelection.draw(eligible, call.block().beacon(), jobId, 0).orElseThrow();
    long now = call.block().number();
    Job job = new Job(jobId, JobStatus.ASSIGNED, call.caller(), chosen.address(), model, maxTokens, seed, escrow,
        chosen.pricePerToken(), UInt256.ZERO, 0, Bytes32.ZERO, now, now, 0, 0, 0, Address.ZERO);
    state.putJob(job);
    state.putPrompt(jobId, prompt);
    state.pushDue(lifecycle.expiryHeight(job), jobId);
    state.putProvider(chosen.withJobCounts(chosen.activeJobs() + 1, chosen.openJobs() + 1));
    call.emit(JOB_SUBMITTED, new Uint256(jobId), abi(call.caller()), new org.web3j.abi.datatypes.generated.Bytes32(model.toArrayUnsafe()));
    call.emit(JOB_ASSIGNED, new Uint256(jobId), abi(chosen.address()));
    LOG.debug("job submitted: block={} job={} client={} provider={} maxTokens={}", now, jobId, call.caller(), chosen.address(), maxTokens);
    return List.of(new Uint256(jobId));
  }

  private List<Type<?>> commitResult(ModuleCall call) throws ModuleRevertException {
    MarketState state = state(call);
    Job job = existingJob(state, call.arg(0, Uint256.class).getValue());
    @SuppressWarnings("unchecked")
    List<Uint32> tokens = call.arg(1, DynamicArray.class).getValue();
    Bytes32 sealedTrace = Bytes32.wrap(call.arg(2, org.web3j.abi.datatypes.generated.Bytes32.class).getValue());
    long now = call.block().number();

    if (job.status() == JobStatus.COMMITTED) {
      throw new ModuleRevertException("job " + job.id() + " already has a result, committed at block " + job.committedAt());
    }
    ModuleRevertException.require(job.status() == JobStatus.ASSIGNED,
        "job " + job.id() + " takes no result: it is " + statusName(job.status()));
    ModuleRevertException.require(job.provider().equals(call.caller()),
        "job " + job.id() + " is assigned to " + job.provider() + ", not " + call.caller());
    ModuleRevertException.require(lifecycle.acceptsResult(job, now),
        "result for job " + job.id() + " is late: the deadline was block " + lifecycle.resultDeadline(job) + ", this is block " + now);
    ModuleRevertException.require(tokens.size() <= job.maxTokens(),
        "job " + job.id() + " allows at most " + job.maxTokens() + " output tokens, got " + tokens.size());

    UInt256 fee = job.pricePerToken().multiply(UInt256.valueOf(tokens.size()));
    Job committed = new Job(job.id(), JobStatus.COMMITTED, job.client(), job.provider(), job.model(), job.maxTokens(), job.seed(),
        job.escrow(), job.pricePerToken(), fee, tokens.size(), sealedTrace, job.submittedAt(), job.assignedAt(), now, 0,
        job.reassignments(), job.previousProvider());
    state.putJob(committed);
    state.putOutputTokens(job.id(), tokens.stream().map(t -> t.getValue().longValueExact()).toList());
    state.pushDue(lifecycle.settlementHeight(committed), job.id());
    Provider provider = registered(state, job.provider());
    state.putProvider(provider.withJobCounts(provider.activeJobs() - 1, provider.openJobs()));
    // The escrow beyond the fee for the tokens actually produced goes back to the client at once.
    call.pay(job.client(), job.escrow().subtract(fee));
    call.emit(RESULT_COMMITTED, new Uint256(job.id()), abi(job.provider()), new Uint32(tokens.size()));
    LOG.debug("result committed: block={} job={} provider={} tokens={} fee={}", now, job.id(), job.provider(), tokens.size(), fee);
    return List.of();
  }

  /**
   * The protocol's settlements and expiries of a block (PAYOUT protocol transaction, one per block at most, from
   * {@link #dueCalls}): each listed job that is due at this block is settled or expired, one that is no longer due is
   * passed over; then the due-queue cursor moves to ({@code cursorHeight}, {@code cursorIndex}).
   */
  private List<Type<?>> processDue(ModuleCall call) throws ModuleRevertException {
    call.requireProtocol();
    @SuppressWarnings("unchecked")
    List<Uint256> ids = call.arg(0, DynamicArray.class).getValue();
    DueCursor next = new DueCursor(call.arg(1, Uint64.class).getValue().longValueExact(), call.arg(2, Uint64.class).getValue().longValueExact());
    long now = call.block().number();
    MarketState state = state(call);
    DueCursor current = state.dueCursor();
    ModuleRevertException.require(next.compareTo(current) >= 0 && next.height() <= now + 1,
        "due cursor cannot move from " + current + " to " + next + " in block " + now);
    ModuleRevertException.require(ids.size() <= DueScan.MAX_JOBS_PER_BLOCK,
        "processDue takes at most " + DueScan.MAX_JOBS_PER_BLOCK + " jobs, got " + ids.size());
    for (Uint256 id : ids) {
      Job job = existingJob(state, id.getValue());
      switch (lifecycle.due(job, now)) {
        case SETTLE -> settle(call, state, job, now);
        case EXPIRE -> expire(call, state, job, now);
        case NONE -> LOG.debug("due job no longer due: block={} job={} status={}", now, job.id(), job.status());
      }
    }
    state.putDueCursor(next);
    return List.of();
  }

  /** The market's protocol duty: one {@code processDue} call when {@link DueScan} finds work for this block. */
  @Override
  public List<ProtocolCall> dueCalls(ModuleStateView view, BlockContext block) {
    DueScan.Result result = dueScan.scan(new MarketState(view.storageOf(ADDRESS)), block.number());
    if (!result.needsCall()) {
      return List.of();
    }
    return List.of(new ProtocolCall(ProtocolTransaction.PAYOUT, ADDRESS, processDueCall(result.jobIds(), result.next())));
  }

  /** Calldata of {@code processDue(jobIds, cursor.height, cursor.index)}. */
  public static Bytes processDueCall(List<BigInteger> jobIds, DueCursor cursor) {
    return Bytes.fromHexString(FunctionEncoder.encode(new Function("processDue", List.of(
        new DynamicArray<>(Uint256.class, jobIds.stream().map(Uint256::new).toList()), new Uint64(cursor.height()),
        new Uint64(cursor.index())), List.of())));
  }

  /** Pays the fee to the provider's payout address and credits the job's work units to it for the epoch's rewards. */
  private void settle(ModuleCall call, MarketState state, Job job, long now) throws ModuleRevertException {
    Provider provider = registered(state, job.provider());
    state.putJob(job.closed(JobStatus.SETTLED, now));
    state.putProvider(new Provider(provider.address(), provider.bond(), provider.pricePerToken(), provider.payout(),
        provider.endpoint(), provider.models(), provider.registeredAt(), provider.deregisteredAt(), provider.activeJobs(),
        provider.openJobs() - 1, provider.settledJobs() + 1, provider.timeouts()));
    call.pay(provider.payout(), job.fee());
    BigInteger units = rewards.map(r -> r.creditProviderWork(call, provider.payout(), job.model(), job.outputTokenCount())).orElse(BigInteger.ZERO);
    call.emit(JOB_SETTLED, new Uint256(job.id()), abi(provider.address()), new Uint256(job.fee().toBigInteger()));
    LOG.debug("job settled: block={} job={} provider={} fee={} workUnits={}", now, job.id(), provider.address(), job.fee(), units);
  }

  /** The provider pays the timeout penalty (burned); the job moves once to another provider, else the client is refunded. */
  private void expire(ModuleCall call, MarketState state, Job job, long now) throws ModuleRevertException {
    Provider late = registered(state, job.provider());
    UInt256 penalty = late.bond().lessThan(params.timeoutPenalty()) ? late.bond() : params.timeoutPenalty();
    state.putProvider(new Provider(late.address(), late.bond().subtract(penalty), late.pricePerToken(), late.payout(),
        late.endpoint(), late.models(), late.registeredAt(), late.deregisteredAt(), late.activeJobs() - 1, late.openJobs() - 1,
        late.settledJobs(), late.timeouts() + 1));
    // Burned rather than paid to the client, so a client colluding with a provider gains nothing from a timeout.
    call.burn(penalty);
    call.emit(PROVIDER_PENALIZED, abi(late.address()), new Uint256(job.id()), new Uint256(penalty.toBigInteger()));

    Optional<Provider> next = Optional.empty();
    if (lifecycle.mayReassign(job)) {
      List<Provider> serving = selection.serving(state.providers(), job.model());
      List<Provider> eligible = selection.eligible(serving, job.maxTokens(), job.escrow(), late.address());
      next = ProviderSelection.draw(eligible, call.block().beacon(), job.id(), job.reassignments() + 1);
    }
    if (next.isPresent()) {
      Provider chosen = next.get();
      Job reassigned = new Job(job.id(), JobStatus.ASSIGNED, job.client(), chosen.address(), job.model(), job.maxTokens(), job.seed(),
          job.escrow(), chosen.pricePerToken(), UInt256.ZERO, 0, Bytes32.ZERO, job.submittedAt(), now, 0, 0,
          job.reassignments() + 1, late.address());
      state.putJob(reassigned);
      state.pushDue(lifecycle.expiryHeight(reassigned), job.id());
      state.putProvider(chosen.withJobCounts(chosen.activeJobs() + 1, chosen.openJobs() + 1));
      call.emit(JOB_ASSIGNED, new Uint256(job.id()), abi(chosen.address()));
      LOG.debug("job reassigned: block={} job={} from={} to={}", now, job.id(), late.address(), chosen.address());
    } else {
      state.putJob(job.closed(JobStatus.REFUNDED, now));
      call.pay(job.client(), job.escrow());
      call.emit(JOB_REFUNDED, new Uint256(job.id()), abi(job.client()), new Uint256(job.escrow().toBigInteger()));
      LOG.debug("job refunded: block={} job={} client={} amount={}", now, job.id(), job.client(), job.escrow());
    }
  }

  // ---- views

  private List<Type<?>> getJob(ModuleCall call) throws ModuleRevertException {
    MarketState state = state(call);
    Job job = existingJob(state, call.arg(0, Uint256.class).getValue());
    List<Uint32> tokens = state.outputTokens(job.id()).stream().map(Uint32::new).toList();
    return List.of(
        new Uint8(job.status().code()), abi(job.client()), abi(job.provider()),
        new org.web3j.abi.datatypes.generated.Bytes32(job.model().toArrayUnsafe()), new Uint32(job.maxTokens()),
        new Uint64(job.seedUnsigned()), new Uint256(job.escrow().toBigInteger()), new Uint256(job.pricePerToken().toBigInteger()),
        new Uint256(job.fee().toBigInteger()), new DynamicArray<>(Uint32.class, tokens),
        new org.web3j.abi.datatypes.generated.Bytes32(job.sealedTrace().toArrayUnsafe()), new Uint64(job.submittedAt()),
        new Uint64(job.assignedAt()), new Uint64(job.committedAt()), new Uint64(job.closedAt()), new Uint8(job.reassignments()),
        abi(job.previousProvider()));
  }

  private List<Type<?>> getPrompt(ModuleCall call) throws ModuleRevertException {
    MarketState state = state(call);
    Job job = existingJob(state, call.arg(0, Uint256.class).getValue());
    return List.of(new DynamicBytes(state.prompt(job.id()).toArrayUnsafe()));
  }

  /** The verification challenge that holds (or last held) the job, 0 if none did. */
  private List<Type<?>> jobChallenge(ModuleCall call) throws ModuleRevertException {
    MarketState state = state(call);
    Job job = existingJob(state, call.arg(0, Uint256.class).getValue());
    return List.of(new Uint256(state.challengeOf(job.id())));
  }

  /** 0 = nothing due (dueAt = the block from which the next transition is due, 0 when final), 1 = settle, 2 = expire. */
  private List<Type<?>> dueTransition(ModuleCall call) throws ModuleRevertException {
    Job job = existingJob(state(call), call.arg(0, Uint256.class).getValue());
    JobLifecycle.Transition due = lifecycle.due(job, call.block().number());
    long dueAt = switch (job.status()) {
      case ASSIGNED -> lifecycle.expiryHeight(job);
      case COMMITTED -> lifecycle.settlementHeight(job);
      case CHALLENGED, SETTLED, REFUNDED, REJECTED -> 0;
    };
    return List.of(new Uint8(due.code()), new Uint64(dueAt));
  }

  private List<Type<?>> getProvider(ModuleCall call) throws ModuleRevertException {
    Provider p = registered(state(call), address(call.arg(0, org.web3j.abi.datatypes.Address.class)));
    List<org.web3j.abi.datatypes.generated.Bytes32> models =
        p.models().stream().map(m -> new org.web3j.abi.datatypes.generated.Bytes32(m.toArrayUnsafe())).toList();
    return List.of(
        new Uint256(p.bond().toBigInteger()), new Uint256(p.pricePerToken().toBigInteger()), abi(p.payout()),
        new Utf8String(p.endpoint()), new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class, models),
        new Uint64(p.registeredAt()), new Uint64(p.deregisteredAt()), new Uint32(p.activeJobs()), new Uint32(p.openJobs()),
        new Uint64(p.settledJobs()), new Uint64(p.timeouts()));
  }

  private List<Type<?>> providerAt(ModuleCall call) throws ModuleRevertException {
    MarketState state = state(call);
    BigInteger index = call.arg(0, Uint256.class).getValue();
    long count = state.providerCount();
    ModuleRevertException.require(index.compareTo(BigInteger.valueOf(count)) < 0,
        "no provider at index " + index + ": there are " + count);
    return List.of(abi(state.providerAt(index.longValueExact())));
  }

  private List<Type<?>> providerCount(ModuleCall call) {
    return List.of(new Uint256(state(call).providerCount()));
  }

  private List<Type<?>> jobCount(ModuleCall call) {
    return List.of(new Uint256(state(call).jobCount()));
  }

  // ---- helpers

  private static MarketState state(ModuleCall call) {
    return new MarketState(call.storage());
  }

  static Job existingJob(MarketState state, BigInteger id) throws ModuleRevertException {
    Optional<Job> job = state.job(id);
    if (job.isEmpty()) {
      BigInteger count = state.jobCount();
      throw new ModuleRevertException("no job " + id + (count.signum() == 0 ? ": no job was submitted yet" : " (jobs are 1.." + count + ")"));
    }
    return job.get();
  }

  static Provider registered(MarketState state, Address address) throws ModuleRevertException {
    return state.provider(address).orElseThrow(() -> new ModuleRevertException(address + " is not a registered provider"));
  }

  static String statusName(JobStatus status) {
    return switch (status) {
      case ASSIGNED -> "assigned and waiting for its result";
      case COMMITTED -> "committed and in its challenge window";
      case CHALLENGED -> "held by a verification challenge";
      case SETTLED -> "already settled";
      case REFUNDED -> "already refunded";
      case REJECTED -> "already rejected by a challenge";
    };
  }

  private static Address address(org.web3j.abi.datatypes.Address value) {
    return Address.fromHex(value.getValue());
  }

  private static org.web3j.abi.datatypes.Address abi(Address address) {
    return new org.web3j.abi.datatypes.Address(address.toHexString());
  }
}
