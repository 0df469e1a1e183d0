package io.veritas.verifier.module;

import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import io.veritas.market.module.MarketLedger;
import io.veritas.market.module.MarketState;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobLifecycle;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.MarketParameters;
import io.veritas.market.rules.Provider;
import io.veritas.verifier.rules.Challenge;
import io.veritas.verifier.rules.ChallengeSelection;
import io.veritas.verifier.rules.ChallengeTimeline;
import io.veritas.verifier.rules.VerifierParameters;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Which protocol calls the verifier needs at the start of a block (README "Protocol duties"), a pure function of the
 * parent's post-state and the block:
 *
 * <ol>
 *   <li><b>Challenges</b> ({@code issueChallenge}): first the deferred jobs of the challenge backlog, oldest first;
 *       then each job whose result was committed at {@code h − challengeDelayBlocks}, found through the market's
 *       per-height due queue (a committed job is queued for its settlement height {@code committedAt +
 *       challengeWindowBlocks}; only entries still committed at exactly that height count) — challenged with the
 *       block's beacon and given verifiers drawn with it; no challenge when no verifier can be drawn.
 *   <li><b>Resolutions</b> ({@code resolveChallenge}): first the deferred challenges of the resolution backlog, then
 *       the challenges queued for height {@code h} (by their issue, their last commit or their last reveal) that are
 *       due; challenges come after issues so that a slash in the block cannot change an issue's verifiers.
 * </ol>
 *
 * At most {@link #MAX_CALLS_PER_BLOCK} calls: when there is more work, the last call is {@code deferDuties}, which
 * stores the new jobs and challenges that did not fit in the backlogs for the next blocks (a backlog entry not
 * reached stays where it is). A deferred job whose challenge can no longer be issued — its settlement would come
 * first, or no verifier can be drawn — leaves the backlog through {@code issueChallenge(jobId, [])}.
 */
final class ChallengeDuties {
  /** Calls per block at most, including the {@code deferDuties} call. */
  static final int MAX_CALLS_PER_BLOCK = 64;

  private final VerifierParameters params;
  private final MarketParameters market;
  private final JobLifecycle lifecycle;
  private final ChallengeTimeline timeline;

  ChallengeDuties(VerifierParameters params, MarketParameters market, ChallengeTimeline timeline) {
    this.params = Objects.requireNonNull(params, "params");
    this.market = Objects.requireNonNull(market, "market");
    this.lifecycle = new JobLifecycle(market);
    this.timeline = Objects.requireNonNull(timeline, "timeline");
  }

  /** A challenge to issue: the job and the verifiers drawn for it (none: a deferred job leaves the backlog). */
  record Issue(BigInteger jobId, List<Address> verifiers) {
    Issue {
      Objects.requireNonNull(jobId, "jobId");
      verifiers = List.copyOf(verifiers);
    }
  }

  List<ProtocolCall> dueCalls(ModuleStateView view, BlockContext block) {
    long height = block.number();
    MarketLedger ledger = MarketLedger.reading(view);
    VerifierState state = new VerifierState(view.storageOf(VerifierModule.ADDRESS));
    Map<Bytes32, List<Provider>> servingByModel = new HashMap<>();

    List<Issue> backlogIssues = new ArrayList<>();
    for (BigInteger jobId : state.backlog(VerifierState.CHALLENGE_BACKLOG, MAX_CALLS_PER_BLOCK)) {
      Optional<Job> job = ledger.job(jobId).filter(j -> j.status() == JobStatus.COMMITTED && height < lifecycle.settlementHeight(j));
      backlogIssues.add(new Issue(jobId, job.map(j -> draw(ledger, servingByModel, j, block.beacon())).orElse(List.of())));
    }
    List<Issue> newIssues = new ArrayList<>();
    for (Job job : committedAt(view, ledger, height - params.challengeDelayBlocks())) {
      Provider provider = ledger.provider(job.provider()).orElseThrow(
          () -> new IllegalStateException("job " + job.id() + " names " + job.provider() + ", which is not a registered provider"));
      if (ChallengeSelection.isChallenged(block.beacon(), job.id(), params.probabilityBps(provider.settledJobs()))) {
        List<Address> verifiers = draw(ledger, servingByModel, job, block.beacon());
        if (!verifiers.isEmpty()) {
          newIssues.add(new Issue(job.id(), verifiers));
        }
      }
    }
    List<BigInteger> backlogResolutions = state.backlog(VerifierState.RESOLUTION_BACKLOG, MAX_CALLS_PER_BLOCK);
    List<BigInteger> newResolutions = new ArrayList<>();
    for (BigInteger id : new LinkedHashSet<>(state.resolutionQueue(height))) {
      Challenge challenge = state.challenge(id).orElseThrow(() -> new IllegalStateException("resolution queue names unknown challenge " + id));
      if (!challenge.deferred() && timeline.resolutionDue(challenge, height)) {
        newResolutions.add(id);
      }
    }
    return plan(backlogIssues, newIssues, backlogResolutions, newResolutions);
  }

  /** The calls in order, capped; what new work does not fit goes to {@code deferDuties}. */
  static List<ProtocolCall> plan(
      List<Issue> backlogIssues, List<Issue> newIssues, List<BigInteger> backlogResolutions, List<BigInteger> newResolutions) {
    int total = backlogIssues.size() + newIssues.size() + backlogResolutions.size() + newResolutions.size();
    int room = total <= MAX_CALLS_PER_BLOCK ? total : MAX_CALLS_PER_BLOCK - 1;
    List<ProtocolCall> calls = new ArrayList<>();
    List<BigInteger> deferredJobs = new ArrayList<>();
    List<BigInteger> deferredChallenges = new ArrayList<>();
    for (Issue issue : backlogIssues) {
      if (calls.size() < room) {
        calls.add(challengeCall(VerifierModule.issueChallengeCall(issue.jobId(), issue.verifiers())));
      }
    }
    for (Issue issue : newIssues) {
      if (calls.size() < room) {
        calls.add(challengeCall(VerifierModule.issueChallengeCall(issue.jobId(), issue.verifiers())));
      } else {
        deferredJobs.add(issue.jobId());
      }
    }
    for (BigInteger id : backlogResolutions) {
      if (calls.size() < room) {
        calls.add(challengeCall(VerifierModule.resolveChallengeCall(id)));
      }
    }
    for (BigInteger id : newResolutions) {
      if (calls.size() < room) {
        calls.add(challengeCall(VerifierModule.resolveChallengeCall(id)));
      } else {
        deferredChallenges.add(id);
      }
    }
    if (!deferredJobs.isEmpty() || !deferredChallenges.isEmpty()) {
      calls.add(challengeCall(VerifierModule.deferDutiesCall(deferredJobs, deferredChallenges)));
    }
    return calls;
  }

  /** Jobs committed at block {@code height} and still committed, in the market's queue order, without repeats. */
  private List<Job> committedAt(ModuleStateView view, MarketLedger ledger, long height) {
    if (height < 1) {
      return List.of();
    }
    MarketState marketState = new MarketState(view.storageOf(MarketLedger.MARKET));
    long queueHeight = Math.addExact(height, market.challengeWindowBlocks());
    long count = marketState.dueCount(queueHeight);
    Set<BigInteger> seen = new LinkedHashSet<>();
    List<Job> jobs = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      BigInteger id = marketState.dueAt(queueHeight, i);
      if (seen.add(id)) {
        ledger.job(id).filter(j -> j.status() == JobStatus.COMMITTED && j.committedAt() == height).ifPresent(jobs::add);
      }
    }
    return jobs;
  }

  private List<Address> draw(MarketLedger ledger, Map<Bytes32, List<Provider>> servingByModel, Job job, Bytes32 beacon) {
    List<Provider> serving = servingByModel.computeIfAbsent(job.model(), m -> ledger.servingProviders(m, market.minProviderBond()));
    return ChallengeSelection.drawVerifiers(serving, job.provider(), List.of(), params.verifiersPerChallenge(), beacon, job.id(), 1);
  }

  private static ProtocolCall challengeCall(org.apache.tuweni.bytes.Bytes data) {
    return new ProtocolCall(ProtocolTransaction.CHALLENGE, VerifierModule.ADDRESS, data);
  }
}
