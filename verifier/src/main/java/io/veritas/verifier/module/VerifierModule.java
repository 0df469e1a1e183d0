package io.veritas.verifier.module;

import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.module.AbiParam;
import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.chain.module.ModuleCall;
import io.veritas.chain.module.ModuleEvent;
import io.veritas.chain.module.ModuleMethod;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.module.Mutability;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.module.ProtocolDuties;
import io.veritas.chain.types.Address;
import io.veritas.market.module.MarketLedger;
import io.veritas.market.rewards.RewardsLedger;
import io.veritas.market.rewards.RewardsParameters;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.MarketParameters;
import io.veritas.market.rules.Provider;
import io.veritas.verifier.rules.Challenge;
import io.veritas.verifier.rules.ChallengeOutcome;
import io.veritas.verifier.rules.ChallengeSelection;
import io.veritas.verifier.rules.ChallengeTally;
import io.veritas.verifier.rules.ChallengeTimeline;
import io.veritas.verifier.rules.SlashSplit;
import io.veritas.verifier.rules.Verdict;
import io.veritas.verifier.rules.VerdictSeal;
import io.veritas.verifier.rules.VerifierParameters;
import java.math.BigInteger;
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
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * The verifier native module at {@code 0x…3000} (ARCHITECTURE.md §6): the protocol challenges a random fraction of
 * committed results and draws verifiers among the other providers of the model; the verifiers replay the job blind
 * and commit sealed verdicts, then reveal them while the provider reveals its trace root; disagreement escalates to
 * a second round whose majority decides; the losers' bonds are slashed, part paid to the honest side, the rest
 * burned; the job is released to settle or refunded.
 *
 * <p>The rules are in {@code io.veritas.verifier.rules}; this class keeps the records ({@link VerifierState}) and
 * acts on the market through {@link MarketLedger}. Protocol duties (which calls each block must begin with) are
 * planned by {@link ChallengeDuties}.
 */
public final class VerifierModule implements NativeModule, ProtocolDuties {
  public static final Address ADDRESS = Address.fromLong(0x3000);
  /** Classpath resource holding this module's ABI JSON (kept equal to {@link ModuleAbiJson#render} by a test). */
  public static final String ABI_RESOURCE = "/io/veritas/verifier/module/verifier.abi.json";

  public static final ModuleEvent CHALLENGE_ISSUED = new ModuleEvent("ChallengeIssued", List.of(
      AbiParam.indexed("challengeId", "uint256"), AbiParam.indexed("jobId", "uint256"), AbiParam.of("verifiers", "address[]")));
  public static final ModuleEvent CHALLENGE_ESCALATED = new ModuleEvent("ChallengeEscalated", List.of(
      AbiParam.indexed("challengeId", "uint256"), AbiParam.of("verifiers", "address[]")));
  public static final ModuleEvent VERDICT_COMMITTED = new ModuleEvent("VerdictCommitted", List.of(
      AbiParam.indexed("challengeId", "uint256"), AbiParam.indexed("verifier", "address")));
  public static final ModuleEvent TRACE_REVEALED = new ModuleEvent("TraceRevealed", List.of(
      AbiParam.indexed("challengeId", "uint256"), AbiParam.of("traceRoot", "bytes32")));
  public static final ModuleEvent VERDICT_REVEALED = new ModuleEvent("VerdictRevealed", List.of(
      AbiParam.indexed("challengeId", "uint256"), AbiParam.indexed("verifier", "address"), AbiParam.of("agrees", "bool")));
  public static final ModuleEvent CHALLENGE_RESOLVED = new ModuleEvent("ChallengeResolved", List.of(
      AbiParam.indexed("challengeId", "uint256"), AbiParam.of("providerHonest", "bool")));
  public static final ModuleEvent SLASHED = new ModuleEvent("Slashed", List.of(
      AbiParam.indexed("who", "address"), AbiParam.of("amount", "uint256"), AbiParam.of("reason", "string")));

  private static final Logger LOG = LoggerFactory.getLogger(VerifierModule.class);

  private final VerifierParameters params;
  private final MarketParameters market;
  private final ChallengeTimeline timeline;
  private final ChallengeDuties duties;
  private final Optional<RewardsLedger> rewards;
  private final List<ModuleMethod> methods;

  /**
   * A verifier that credits no verification work (a chain without the rewards module). Fails when {@code params} do
   * not fit the market's rules ({@link VerifierParameters#requireCompatibleWith}).
   */
  public VerifierModule(VerifierParameters params, MarketParameters market) {
    this(params, market, Optional.empty());
  }

  /**
   * A verifier that credits each honest-side verifier of a resolved challenge with the job's work units (output tokens
   * × the model's cost factor, the unit the market credits the provider) in the rewards module's verifier pool.
   */
  public VerifierModule(VerifierParameters params, MarketParameters market, RewardsParameters rewards) {
    this(params, market, Optional.of(new RewardsLedger(Objects.requireNonNull(rewards, "rewards"))));
  }

  private VerifierModule(VerifierParameters params, MarketParameters market, Optional<RewardsLedger> rewards) {
    this.params = Objects.requireNonNull(params, "params");
    this.market = Objects.requireNonNull(market, "market");
    this.rewards = rewards;
    params.requireCompatibleWith(market);
    this.timeline = new ChallengeTimeline(params);
    this.duties = new ChallengeDuties(params, market, timeline);
    this.methods = List.of(
        new ModuleMethod("issueChallenge", List.of(AbiParam.of("jobId", "uint256"), AbiParam.of("verifiers", "address[]")), List.of(),
            Mutability.NONPAYABLE, 100_000, 0, this::issueChallenge),
        new ModuleMethod("resolveChallenge", List.of(AbiParam.of("challengeId", "uint256")), List.of(),
            Mutability.NONPAYABLE, 200_000, 0, this::resolveChallenge),
        new ModuleMethod("deferDuties", List.of(AbiParam.of("jobIds", "uint256[]"), AbiParam.of("challengeIds", "uint256[]")), List.of(),
            Mutability.NONPAYABLE, 20_000, 0, this::deferDuties),
        new ModuleMethod("commitVerdict", List.of(AbiParam.of("challengeId", "uint256"), AbiParam.of("sealedHash", "bytes32")), List.of(),
            Mutability.NONPAYABLE, 40_000, 0, this::commitVerdict),
        new ModuleMethod("revealVerdict",
            List.of(AbiParam.of("challengeId", "uint256"), AbiParam.of("verdictRoot", "bytes32"), AbiParam.of("salt", "bytes32")), List.of(),
            Mutability.NONPAYABLE, 40_000, 0, this::revealVerdict),
        new ModuleMethod("revealTrace",
            List.of(AbiParam.of("challengeId", "uint256"), AbiParam.of("traceRoot", "bytes32"), AbiParam.of("salt", "bytes32")), List.of(),
            Mutability.NONPAYABLE, 40_000, 0, this::revealTrace),
        new ModuleMethod("getChallenge", List.of(AbiParam.of("challengeId", "uint256")),
            List.of(AbiParam.of("jobId", "uint256"), AbiParam.of("provider", "address"), AbiParam.of("outcome", "uint8"),
                AbiParam.of("phase", "uint8"), AbiParam.of("round", "uint8"), AbiParam.of("issuedAt", "uint64"),
                AbiParam.of("roundStartedAt", "uint64"), AbiParam.of("commitDeadline", "uint64"), AbiParam.of("revealOpensAt", "uint64"),
                AbiParam.of("revealDeadline", "uint64"), AbiParam.of("traceRoot", "bytes32"), AbiParam.of("traceRevealedAt", "uint64"),
                AbiParam.of("resolvedAt", "uint64"), AbiParam.of("verifiers", "address[]"), AbiParam.of("rounds", "uint8[]"),
                AbiParam.of("sealedHashes", "bytes32[]"), AbiParam.of("committedAt", "uint64[]"), AbiParam.of("verdictRoots", "bytes32[]"),
                AbiParam.of("revealedAt", "uint64[]")),
            Mutability.VIEW, 10_000, 0, this::getChallenge),
        new ModuleMethod("challengeCount", List.of(), List.of(AbiParam.of("", "uint256")), Mutability.VIEW, 2_000, 0, this::challengeCount),
        new ModuleMethod("openChallengesOf", List.of(AbiParam.of("who", "address")),
            List.of(AbiParam.of("challengeIds", "uint256[]"), AbiParam.of("phases", "uint8[]")), Mutability.VIEW, 5_000, 0,
            this::openChallengesOf));
  }

  @Override
  public Address address() {
    return ADDRESS;
  }

  @Override
  public String name() {
    return "verifier";
  }

  @Override
  public List<ModuleMethod> methods() {
    return methods;
  }

  @Override
  public List<ModuleEvent> events() {
    return List.of(CHALLENGE_ISSUED, CHALLENGE_ESCALATED, VERDICT_COMMITTED, TRACE_REVEALED, VERDICT_REVEALED, CHALLENGE_RESOLVED, SLASHED);
  }

  public VerifierParameters parameters() {
    return params;
  }

  public ChallengeTimeline timeline() {
    return timeline;
  }

  @Override
  public List<ProtocolCall> dueCalls(ModuleStateView state, BlockContext block) {
    return duties.dueCalls(state, block);
  }

  // ---- protocol calls

  private List<Type<?>> issueChallenge(ModuleCall call) throws ModuleRevertException {
    call.requireProtocol();
    BigInteger jobId = call.arg(0, Uint256.class).getValue();
    List<Address> verifiers = addresses(call.arg(1, DynamicArray.class));
    VerifierState state = state(call);
    long now = call.block().number();
    boolean fromBacklog = state.popBacklogIf(VerifierState.CHALLENGE_BACKLOG, jobId);
    if (verifiers.isEmpty()) {
      // Only a deferred job can come without verifiers: none could be drawn any more, or its window closed.
      ModuleRevertException.require(fromBacklog, "issueChallenge for job " + jobId + " names no verifier");
      LOG.info("deferred challenge dropped: block={} job={} reason=no verifier available or challenge window closed", now, jobId);
      return List.of();
    }
    MarketLedger ledger = MarketLedger.of(call);
    Job job = ledger.job(jobId).orElseThrow(() -> new ModuleRevertException("no job " + jobId));
    ModuleRevertException.require(verifiers.size() <= VerifierParameters.MAX_VERIFIERS_PER_ROUND,
        "a challenge takes at most " + VerifierParameters.MAX_VERIFIERS_PER_ROUND + " verifiers, got " + verifiers.size());
    Set<Address> seen = new HashSet<>();
    for (Address verifier : verifiers) {
      ModuleRevertException.require(!verifier.equals(job.provider()), "the provider " + verifier + " of job " + jobId + " cannot verify it");
      ModuleRevertException.require(seen.add(verifier), "verifier " + verifier + " is named twice");
      ModuleRevertException.require(ledger.provider(verifier).isPresent(), "verifier " + verifier + " is not a registered provider");
    }
    BigInteger id = state.nextChallengeId();
    ledger.holdForChallenge(jobId, id);
    List<Verdict> drawn = verifiers.stream().map(v -> Verdict.drawn(v, 1)).toList();
    Challenge challenge = new Challenge(id, jobId, job.provider(), ChallengeOutcome.OPEN, 1, now, now, timeline.commitDeadline(now),
        timeline.initialRevealOpensAt(now), Bytes32.ZERO, 0, 0, false, drawn);
    state.putChallenge(challenge);
    state.queueResolution(timeline.latestResolution(challenge), id);
    for (Address who : challenge.participants()) {
      state.addOpen(who, id);
    }
    call.emit(CHALLENGE_ISSUED, new Uint256(id), new Uint256(jobId), abiAddresses(verifiers));
    LOG.info("challenge issued: block={} challenge={} job={} provider={} verifiers={}", now, id, jobId, job.provider(), verifiers);
    return List.of();
  }

  private List<Type<?>> deferDuties(ModuleCall call) throws ModuleRevertException {
    call.requireProtocol();
    VerifierState state = state(call);
    for (BigInteger jobId : uints(call.arg(0, DynamicArray.class))) {
      state.pushBacklog(VerifierState.CHALLENGE_BACKLOG, jobId);
    }
    for (BigInteger id : uints(call.arg(1, DynamicArray.class))) {
      Challenge challenge = existing(state, id);
      ModuleRevertException.require(challenge.isOpen() && !challenge.deferred(), "challenge " + id + " cannot be deferred: it is resolved or already deferred");
      state.putChallenge(challenge.withDeferred(true));
      state.pushBacklog(VerifierState.RESOLUTION_BACKLOG, id);
    }
    LOG.info("protocol duties deferred: block={} challengeBacklog={} resolutionBacklog={}", call.block().number(),
        state.backlogSize(VerifierState.CHALLENGE_BACKLOG), state.backlogSize(VerifierState.RESOLUTION_BACKLOG));
    return List.of();
  }

  private List<Type<?>> resolveChallenge(ModuleCall call) throws ModuleRevertException {
    call.requireProtocol();
    VerifierState state = state(call);
    Challenge challenge = existing(state, call.arg(0, Uint256.class).getValue());
    long now = call.block().number();
    ModuleRevertException.require(challenge.isOpen(), "challenge " + challenge.id() + " is already resolved (block " + challenge.resolvedAt() + ")");
    ModuleRevertException.require(timeline.resolutionDue(challenge, now), "challenge " + challenge.id()
        + " is not due for resolution: its reveal window ends at block " + timeline.revealDeadline(challenge) + "; this is block " + now);
    if (challenge.deferred()) {
      ModuleRevertException.require(state.popBacklogIf(VerifierState.RESOLUTION_BACKLOG, challenge.id()),
          "deferred challenge " + challenge.id() + " is not next in the resolution backlog");
      challenge = challenge.withDeferred(false);
    }
    MarketLedger ledger = MarketLedger.of(call);
    if (challenge.round() == 1) {
      ChallengeTally.FirstRound first = ChallengeTally.firstRound(challenge);
      if (first == ChallengeTally.FirstRound.ESCALATE) {
        Optional<Challenge> escalated = escalate(call, ledger, challenge);
        if (escalated.isPresent()) {
          state.putChallenge(escalated.get());
          return List.of();
        }
        // Nobody can be drawn for a second round: the first round's majority decides.
        return finish(call, ledger, state, challenge, ChallengeTally.majority(challenge));
      }
      ChallengeOutcome outcome = first == ChallengeTally.FirstRound.PROVIDER_HONEST
          ? ChallengeOutcome.PROVIDER_HONEST : ChallengeOutcome.PROVIDER_CHEATED;
      return finish(call, ledger, state, challenge, new ChallengeTally.Decision(outcome, true));
    }
    return finish(call, ledger, state, challenge, ChallengeTally.majority(challenge));
  }

  private Optional<Challenge> escalate(ModuleCall call, MarketLedger ledger, Challenge challenge) {
    Job job = ledger.job(challenge.jobId()).orElseThrow();
    List<Address> firstRound = challenge.currentRound().stream().map(Verdict::verifier).toList();
    List<Address> verifiers = ChallengeSelection.drawVerifiers(ledger.servingProviders(job.model(), market.minProviderBond()),
        challenge.provider(), firstRound, params.escalationVerifiers(), call.block().beacon(), challenge.jobId(), 2);
    if (verifiers.isEmpty()) {
      return Optional.empty();
    }
    long now = call.block().number();
    Challenge escalated = challenge.escalated(verifiers, now, timeline);
    VerifierState state = state(call);
    state.queueResolution(timeline.latestResolution(escalated), challenge.id());
    for (Address verifier : verifiers) {
      state.addOpen(verifier, challenge.id());
    }
    call.emit(CHALLENGE_ESCALATED, new Uint256(challenge.id()), abiAddresses(verifiers));
    LOG.info("challenge escalated: block={} challenge={} job={} verifiers={}", now, challenge.id(), challenge.jobId(), verifiers);
    return Optional.of(escalated);
  }

  /** Applies the decision: slashes the losers, pays the honest side, burns the rest, releases the job. */
  private List<Type<?>> finish(ModuleCall call, MarketLedger ledger, VerifierState state, Challenge challenge, ChallengeTally.Decision decision)
      throws ModuleRevertException {
    long now = call.block().number();
    ChallengeTally.Judgement judgement = ChallengeTally.judge(challenge, decision);
    if (!challenge.traceRevealed()) {
      // The outcome of each revealed verdict is known only now: nothing to agree with.
      for (Verdict v : challenge.verdicts()) {
        if (v.revealed()) {
          call.emit(VERDICT_REVEALED, new Uint256(challenge.id()), abi(v.verifier()), new Bool(false));
        }
      }
    }
    List<UInt256> slashed = new ArrayList<>();
    for (ChallengeTally.Loser loser : judgement.losers()) {
      UInt256 bond = registered(ledger, loser.who()).bond();
      UInt256 taken = ledger.slashProvider(loser.who(), SlashSplit.slashAmount(bond, params.slashFractionBps()), loser.reason());
      slashed.add(taken);
      call.emit(SLASHED, abi(loser.who()), new Uint256(taken.toBigInteger()), new Utf8String(loser.reason()));
    }
    SlashSplit split = SlashSplit.of(slashed, judgement.honestSide().size(), params.slashRewardShareBps());
    for (Address honest : judgement.honestSide()) {
      call.payFrom(MarketLedger.MARKET, registered(ledger, honest).payout(), split.perHonest());
    }
    call.burnFrom(MarketLedger.MARKET, split.burned());
    creditVerificationWork(call, ledger, challenge, judgement);
    boolean providerHonest = judgement.outcome() == ChallengeOutcome.PROVIDER_HONEST;
    if (providerHonest) {
      ledger.releaseHonest(challenge.jobId());
    } else {
      ledger.releaseCheating(challenge.jobId());
    }
    Challenge resolved = challenge.resolved(judgement.outcome(), now);
    state.putChallenge(resolved);
    for (Address who : resolved.participants()) {
      state.removeOpen(who, resolved.id());
    }
    call.emit(CHALLENGE_RESOLVED, new Uint256(resolved.id()), new Bool(providerHonest));
    LOG.info("challenge resolved: block={} challenge={} job={} providerHonest={} round={} losers={} slashed={} perHonest={} burned={}", now,
        resolved.id(), resolved.jobId(), providerHonest, resolved.round(), judgement.losers().size(), split.total().toDecimalString(),
        split.perHonest().toDecimalString(), split.burned().toDecimalString());
    return List.of();
  }

  /** Each verifier on the honest side replayed the job: it earns the job's work units, to its payout address. */
  private void creditVerificationWork(ModuleCall call, MarketLedger ledger, Challenge challenge, ChallengeTally.Judgement judgement)
      throws ModuleRevertException {
    if (rewards.isEmpty()) {
      return;
    }
    Job job = ledger.job(challenge.jobId()).orElseThrow();
    BigInteger units = rewards.get().workUnits(job.model(), job.outputTokenCount());
    for (Address honest : judgement.honestSide()) {
      if (!honest.equals(challenge.provider())) {
        rewards.get().creditVerifierWork(call, registered(ledger, honest).payout(), units);
      }
    }
  }

  // ---- user calls

  private List<Type<?>> commitVerdict(ModuleCall call) throws ModuleRevertException {
    VerifierState state = state(call);
    Challenge challenge = openChallenge(state, call.arg(0, Uint256.class).getValue());
    Bytes32 seal = Bytes32.wrap(call.arg(1, org.web3j.abi.datatypes.generated.Bytes32.class).getValue());
    long now = call.block().number();
    int index = verifierIndex(challenge, call.caller());
    Verdict verdict = challenge.verdicts().get(index);
    ModuleRevertException.require(!verdict.committed(),
        "verifier " + call.caller() + " already committed a verdict for challenge " + challenge.id() + " at block " + verdict.committedAt());
    ModuleRevertException.require(timeline.acceptsCommit(challenge, now),
        "commit window of challenge " + challenge.id() + " closed at block " + challenge.commitDeadline() + "; this is block " + now);
    ModuleRevertException.require(!seal.isZero(), "sealed verdict must not be zero");
    Challenge updated = challenge.withVerdict(index, verdict.withCommit(seal, now));
    if (ChallengeTimeline.allCommitted(updated)) {
      // Every verifier is bound to its verdict: the reveal window opens with the next block.
      updated = updated.withRevealOpensAt(now + 1);
      state.queueResolution(timeline.latestResolution(updated), challenge.id());
    }
    state.putChallenge(updated);
    call.emit(VERDICT_COMMITTED, new Uint256(challenge.id()), abi(call.caller()));
    return List.of();
  }

  private List<Type<?>> revealVerdict(ModuleCall call) throws ModuleRevertException {
    VerifierState state = state(call);
    Challenge challenge = openChallenge(state, call.arg(0, Uint256.class).getValue());
    Bytes32 root = Bytes32.wrap(call.arg(1, org.web3j.abi.datatypes.generated.Bytes32.class).getValue());
    Bytes32 salt = Bytes32.wrap(call.arg(2, org.web3j.abi.datatypes.generated.Bytes32.class).getValue());
    long now = call.block().number();
    int index = verifierIndex(challenge, call.caller());
    Verdict verdict = challenge.verdicts().get(index);
    ModuleRevertException.require(verdict.committed(),
        "verifier " + call.caller() + " committed no verdict for challenge " + challenge.id() + " and has nothing to reveal");
    ModuleRevertException.require(!verdict.revealed(),
        "verifier " + call.caller() + " already revealed its verdict for challenge " + challenge.id() + " at block " + verdict.revealedAt());
    requireRevealWindow(challenge, now);
    ModuleRevertException.require(VerdictSeal.sealVerdict(root, salt, call.caller()).equals(verdict.sealedHash()),
        "reveal does not match the sealed verdict");
    Challenge updated = challenge.withVerdict(index, verdict.withReveal(root, now));
    state.putChallenge(updated);
    if (updated.traceRevealed()) {
      call.emit(VERDICT_REVEALED, new Uint256(challenge.id()), abi(call.caller()), new Bool(root.equals(updated.traceRoot())));
    }
    queueIfAllRevealed(state, updated, now);
    return List.of();
  }

  private List<Type<?>> revealTrace(ModuleCall call) throws ModuleRevertException {
    VerifierState state = state(call);
    Challenge challenge = openChallenge(state, call.arg(0, Uint256.class).getValue());
    Bytes32 root = Bytes32.wrap(call.arg(1, org.web3j.abi.datatypes.generated.Bytes32.class).getValue());
    Bytes32 salt = Bytes32.wrap(call.arg(2, org.web3j.abi.datatypes.generated.Bytes32.class).getValue());
    long now = call.block().number();
    ModuleRevertException.require(call.caller().equals(challenge.provider()), "only the provider " + challenge.provider() + " of job "
        + challenge.jobId() + " reveals its trace for challenge " + challenge.id() + ", not " + call.caller());
    ModuleRevertException.require(!challenge.traceRevealed(),
        "the trace of job " + challenge.jobId() + " was already revealed at block " + challenge.traceRevealedAt());
    requireRevealWindow(challenge, now);
    Job job = MarketLedger.of(call).job(challenge.jobId()).orElseThrow();
    ModuleRevertException.require(VerdictSeal.sealTrace(root, salt).equals(job.sealedTrace()),
        "trace does not match the sealed trace of job " + challenge.jobId());
    Challenge updated = challenge.withTrace(root, now);
    state.putChallenge(updated);
    call.emit(TRACE_REVEALED, new Uint256(challenge.id()), new org.web3j.abi.datatypes.generated.Bytes32(root.toArrayUnsafe()));
    for (Verdict v : updated.currentRound()) {
      if (v.revealed()) {
        call.emit(VERDICT_REVEALED, new Uint256(challenge.id()), abi(v.verifier()), new Bool(v.verdictRoot().equals(root)));
      }
    }
    queueIfAllRevealed(state, updated, now);
    return List.of();
  }

  private void queueIfAllRevealed(VerifierState state, Challenge challenge, long now) {
    if (ChallengeTimeline.allRevealed(challenge)) {
      state.queueResolution(now + 1, challenge.id());
    }
  }

  private void requireRevealWindow(Challenge challenge, long now) throws ModuleRevertException {
    ModuleRevertException.require(now >= challenge.revealOpensAt(),
        "reveal window of challenge " + challenge.id() + " opens at block " + challenge.revealOpensAt() + "; this is block " + now);
    ModuleRevertException.require(now <= timeline.revealDeadline(challenge),
        "reveal window of challenge " + challenge.id() + " closed at block " + timeline.revealDeadline(challenge) + "; this is block " + now);
  }

  // ---- views

  private List<Type<?>> getChallenge(ModuleCall call) throws ModuleRevertException {
    Challenge c = existing(state(call), call.arg(0, Uint256.class).getValue());
    List<Verdict> v = c.verdicts();
    return List.of(new Uint256(c.jobId()), abi(c.provider()), new Uint8(c.outcome().code()),
        new Uint8(timeline.phase(c, call.block().number()).code()), new Uint8(c.round()), new Uint64(c.issuedAt()),
        new Uint64(c.roundStartedAt()), new Uint64(c.commitDeadline()), new Uint64(c.revealOpensAt()),
        new Uint64(timeline.revealDeadline(c)), bytes32(c.traceRoot()), new Uint64(c.traceRevealedAt()), new Uint64(c.resolvedAt()),
        abiAddresses(v.stream().map(Verdict::verifier).toList()),
        new DynamicArray<>(Uint8.class, v.stream().map(x -> new Uint8(x.round())).toList()),
        new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class, v.stream().map(x -> bytes32(x.sealedHash())).toList()),
        new DynamicArray<>(Uint64.class, v.stream().map(x -> new Uint64(x.committedAt())).toList()),
        new DynamicArray<>(org.web3j.abi.datatypes.generated.Bytes32.class, v.stream().map(x -> bytes32(x.verdictRoot())).toList()),
        new DynamicArray<>(Uint64.class, v.stream().map(x -> new Uint64(x.revealedAt())).toList()));
  }

  private List<Type<?>> challengeCount(ModuleCall call) {
    return List.of(new Uint256(state(call).challengeCount()));
  }

  private List<Type<?>> openChallengesOf(ModuleCall call) {
    VerifierState state = state(call);
    Address who = Address.fromHex(call.arg(0, org.web3j.abi.datatypes.Address.class).getValue());
    List<Uint256> ids = new ArrayList<>();
    List<Uint8> phases = new ArrayList<>();
    for (BigInteger id : state.openChallengesOf(who)) {
      ids.add(new Uint256(id));
      phases.add(new Uint8(timeline.phase(state.challenge(id).orElseThrow(), call.block().number()).code()));
    }
    return List.of(new DynamicArray<>(Uint256.class, ids), new DynamicArray<>(Uint8.class, phases));
  }

  // ---- calldata of the protocol calls (what dueCalls asks for)

  public static Bytes issueChallengeCall(BigInteger jobId, List<Address> verifiers) {
    return encode(new Function("issueChallenge", List.of(new Uint256(jobId), abiAddresses(verifiers)), List.of()));
  }

  public static Bytes resolveChallengeCall(BigInteger challengeId) {
    return encode(new Function("resolveChallenge", List.of(new Uint256(challengeId)), List.of()));
  }

  public static Bytes deferDutiesCall(List<BigInteger> jobIds, List<BigInteger> challengeIds) {
    return encode(new Function("deferDuties", List.of(
        new DynamicArray<>(Uint256.class, jobIds.stream().map(Uint256::new).toList()),
        new DynamicArray<>(Uint256.class, challengeIds.stream().map(Uint256::new).toList())), List.of()));
  }

  // ---- helpers

  private static VerifierState state(ModuleCall call) {
    return new VerifierState(call.storage());
  }

  private static Challenge existing(VerifierState state, BigInteger id) throws ModuleRevertException {
    Optional<Challenge> challenge = state.challenge(id);
    if (challenge.isEmpty()) {
      BigInteger count = state.challengeCount();
      throw new ModuleRevertException(
          "no challenge " + id + (count.signum() == 0 ? ": no challenge was issued yet" : " (challenges are 1.." + count + ")"));
    }
    return challenge.get();
  }

  /** Everyone a challenge names is a registered provider (drawn among them, or the job's provider). */
  private static Provider registered(MarketLedger ledger, Address who) throws ModuleRevertException {
    return ledger.provider(who).orElseThrow(() -> new ModuleRevertException(who + " is not a registered provider"));
  }

  private static Challenge openChallenge(VerifierState state, BigInteger id) throws ModuleRevertException {
    Challenge challenge = existing(state, id);
    ModuleRevertException.require(challenge.isOpen(), "challenge " + id + " was resolved at block " + challenge.resolvedAt());
    return challenge;
  }

  private static int verifierIndex(Challenge challenge, Address caller) throws ModuleRevertException {
    return challenge.currentRoundIndex(caller).orElseThrow(() -> new ModuleRevertException(
        caller + " is not a verifier of challenge " + challenge.id() + " (round " + challenge.round() + ")"));
  }

  private static Bytes encode(Function function) {
    return Bytes.fromHexString(FunctionEncoder.encode(function));
  }

  @SuppressWarnings("rawtypes")
  private static List<Address> addresses(DynamicArray array) {
    List<Address> out = new ArrayList<>();
    for (Object value : array.getValue()) {
      out.add(Address.fromHex(((org.web3j.abi.datatypes.Address) value).getValue()));
    }
    return out;
  }

  @SuppressWarnings("rawtypes")
  private static List<BigInteger> uints(DynamicArray array) {
    List<BigInteger> out = new ArrayList<>();
    for (Object value : array.getValue()) {
      out.add(((Uint256) value).getValue());
    }
    return out;
  }

  private static DynamicArray<org.web3j.abi.datatypes.Address> abiAddresses(List<Address> addresses) {
    return new DynamicArray<>(org.web3j.abi.datatypes.Address.class, addresses.stream().map(VerifierModule::abi).toList());
  }

  private static org.web3j.abi.datatypes.Address abi(Address address) {
    return new org.web3j.abi.datatypes.Address(address.toHexString());
  }

  private static org.web3j.abi.datatypes.generated.Bytes32 bytes32(Bytes32 value) {
    return new org.web3j.abi.datatypes.generated.Bytes32(value.toArrayUnsafe());
  }
}
