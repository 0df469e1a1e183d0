package io.veritas.verifier.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.market.module.MarketState;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.MarketParameters;
import io.veritas.verifier.module.ChallengeDuties.Issue;
import io.veritas.verifier.module.VerifierChain.Call;
import io.veritas.verifier.rules.VerdictSeal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/** The verifier's protocol duties are capped at 64 calls per block; what does not fit waits in a backlog, in order. */
class ChallengeDutiesTest {
  static final Address V = Address.fromLong(0x01);
  static final int JOBS = 70;

  static List<BigInteger> ids(long from, long to) {
    return LongStream.rangeClosed(from, to).mapToObj(BigInteger::valueOf).toList();
  }

  static ProtocolCall call(Bytes data) {
    return new ProtocolCall(ProtocolTransaction.CHALLENGE, VerifierModule.ADDRESS, data);
  }

  @Test
  void planPutsBacklogFirstIssuesBeforeResolutionsAndDefersTheNewWorkThatDoesNotFit() {
    List<Issue> backlogIssues = ids(1, 3).stream().map(id -> new Issue(id, List.of(V))).toList();
    List<Issue> newIssues = ids(11, 80).stream().map(id -> new Issue(id, List.of(V))).toList();
    List<ProtocolCall> calls = ChallengeDuties.plan(backlogIssues, newIssues, ids(101, 102), ids(201, 205));

    assertEquals(ChallengeDuties.MAX_CALLS_PER_BLOCK, calls.size());
    List<ProtocolCall> expected = new ArrayList<>();
    for (BigInteger id : ids(1, 3)) {
      expected.add(call(VerifierModule.issueChallengeCall(id, List.of(V))));
    }
    for (BigInteger id : ids(11, 70)) {
      expected.add(call(VerifierModule.issueChallengeCall(id, List.of(V))));
    }
    // Backlog resolutions 101, 102 stay in their backlog; the new work that did not fit is deferred.
    expected.add(call(VerifierModule.deferDutiesCall(ids(71, 80), ids(201, 205))));
    assertEquals(expected, calls);
  }

  @Test
  void planWithinTheCapAsksForEverythingWithoutDeferring() {
    List<ProtocolCall> calls = ChallengeDuties.plan(List.of(new Issue(BigInteger.ONE, List.of())), List.of(new Issue(BigInteger.TWO, List.of(V))),
        ids(101, 101), ids(201, 201));
    assertEquals(List.of(call(VerifierModule.issueChallengeCall(BigInteger.ONE, List.of())),
        call(VerifierModule.issueChallengeCall(BigInteger.TWO, List.of(V))), call(VerifierModule.resolveChallengeCall(BigInteger.valueOf(101))),
        call(VerifierModule.resolveChallengeCall(BigInteger.valueOf(201)))), calls);
    assertEquals(List.of(), ChallengeDuties.plan(List.of(), List.of(), List.of(), List.of()));
  }

  @Test
  void seventyResultsInOneBlockAreChallengedOverTwoBlocksThroughTheBacklog() throws InvalidBlockException {
    MarketParameters market = new MarketParameters(UInt256.valueOf(1_000_000), 64, 200, 5, 20, 50, 100, UInt256.valueOf(100));
    VerifierChain chain = seventyCommitted(market);

    chain.advanceTo(5);
    List<ProtocolTransaction> block5 = verifierCalls(chain, 5);
    assertEquals(64, block5.size());
    assertEquals(VerifierModule.deferDutiesCall(ids(64, 70), List.of()), block5.get(63).data());
    assertAllSucceeded(chain, 5);
    VerifierState state = state(chain);
    assertEquals(BigInteger.valueOf(63), state.challengeCount());
    assertEquals(ids(64, 70), state.backlog(VerifierState.CHALLENGE_BACKLOG, 100));

    chain.advanceTo(6);
    assertEquals(7, verifierCalls(chain, 6).size());
    assertAllSucceeded(chain, 6);
    state = state(chain);
    assertEquals(BigInteger.valueOf(70), state.challengeCount());
    assertEquals(0, state.backlogSize(VerifierState.CHALLENGE_BACKLOG));
    assertEquals(BigInteger.valueOf(64), state.challenge(BigInteger.valueOf(64)).orElseThrow().jobId());
    assertEquals(6, state.challenge(BigInteger.valueOf(64)).orElseThrow().issuedAt());
    MarketState marketState = new MarketState(new ModuleStorage(chain.headStateCopy(), ComputeMarketModule.ADDRESS));
    for (BigInteger id : ids(1, JOBS)) {
      assertEquals(JobStatus.CHALLENGED, marketState.job(id).orElseThrow().status(), "job " + id);
    }
    assertEquals(chain.headHash(), chain.replayOnAFollower());
  }

  @Test
  void resolutionsThatDoNotFitWaitInTheResolutionBacklog() throws InvalidBlockException {
    MarketParameters market = new MarketParameters(UInt256.valueOf(1_000_000), 64, 200, 5, 20, 50, 100, UInt256.valueOf(100));
    VerifierChain chain = seventyCommitted(market);
    chain.advanceTo(6); // challenges 1..63 issued at 5, 64..70 at 6; nobody acts on them
    ok(chain.send(VerifierModuleTest.CLIENT, ComputeMarketModule.ADDRESS, UInt256.valueOf(8),
        Calls.submitJob(VerifierModuleTest.MODEL, VerifierModuleTest.PROMPT, 8, 71)));
    ok(chain.send(VerifierModuleTest.CLIENT, ComputeMarketModule.ADDRESS, UInt256.valueOf(8),
        Calls.submitJob(VerifierModuleTest.MODEL, VerifierModuleTest.PROMPT, 8, 72)));
    chain.advanceTo(11);
    chain.sendAll(ids(71, 72).stream().map(id -> new Call(VerifierModuleTest.PROVIDER, ComputeMarketModule.ADDRESS, UInt256.ZERO,
        Calls.commitResult(id.longValueExact(), VerifierModuleTest.OUTPUT, VerdictSeal.sealTrace(VerifierModuleTest.TRACE_ROOT,
            VerifierModuleTest.TRACE_SALT)))).toList()).forEach(VerifierModuleTest::ok);

    // Block 14: jobs 71, 72 (committed at 12) are challenged and challenges 1..63 are due (5 + 4 + 4 + 1): 65 calls.
    chain.advanceTo(14);
    List<Bytes> block14 = verifierCalls(chain, 14).stream().map(ProtocolTransaction::data).toList();
    assertEquals(64, block14.size());
    Bytes issueSelector = VerifierModule.issueChallengeCall(BigInteger.ONE, List.of()).slice(0, 4);
    assertEquals(List.of(issueSelector, issueSelector), block14.subList(0, 2).stream().map(d -> d.slice(0, 4)).toList(), "issues first");
    assertEquals(BigInteger.valueOf(72), state(chain).challenge(BigInteger.valueOf(72)).orElseThrow().jobId());
    for (BigInteger id : ids(1, 61)) {
      assertEquals(VerifierModule.resolveChallengeCall(id), block14.get(id.intValueExact() + 1));
    }
    assertEquals(VerifierModule.deferDutiesCall(List.of(), ids(62, 63)), block14.get(63));
    assertAllSucceeded(chain, 14);
    assertEquals(ids(62, 63), state(chain).backlog(VerifierState.RESOLUTION_BACKLOG, 100));
    assertTrue(state(chain).challenge(BigInteger.valueOf(62)).orElseThrow().deferred());

    // Block 15: the backlog first, then challenges 64..70 (issued at 6).
    chain.advanceTo(15);
    List<Bytes> block15 = verifierCalls(chain, 15).stream().map(ProtocolTransaction::data).toList();
    List<Bytes> expected = new ArrayList<>();
    for (BigInteger id : ids(62, 70)) {
      expected.add(VerifierModule.resolveChallengeCall(id));
    }
    assertEquals(expected, block15);
    assertAllSucceeded(chain, 15);
    VerifierState state = state(chain);
    assertEquals(0, state.backlogSize(VerifierState.RESOLUTION_BACKLOG));
    MarketState marketState = new MarketState(new ModuleStorage(chain.headStateCopy(), ComputeMarketModule.ADDRESS));
    for (BigInteger id : ids(1, JOBS)) {
      assertEquals(io.veritas.verifier.rules.ChallengeOutcome.PROVIDER_CHEATED, state.challenge(id).orElseThrow().outcome(),
          "the provider revealed no trace for challenge " + id);
      assertEquals(JobStatus.REJECTED, marketState.job(id).orElseThrow().status());
    }
    assertEquals(chain.headHash(), chain.replayOnAFollower());
  }

  @Test
  void aDeferredJobWhoseWindowClosesFirstLeavesTheBacklogAndSettles() {
    // Challenge window 3, delay 2: the seven jobs deferred at block 5 reach their settlement height 6 before a challenge.
    MarketParameters market = new MarketParameters(UInt256.valueOf(1_000_000), 64, 200, 5, 3, 50, 100, UInt256.valueOf(100));
    VerifierChain chain = seventyCommitted(market);
    chain.advanceTo(6);
    List<ProtocolTransaction> block6 = verifierCalls(chain, 6);
    List<Bytes> expected = ids(64, 70).stream().map(id -> VerifierModule.issueChallengeCall(id, List.of())).toList();
    assertEquals(expected, block6.stream().map(ProtocolTransaction::data).toList());
    assertAllSucceeded(chain, 6);
    VerifierState state = state(chain);
    assertEquals(BigInteger.valueOf(63), state.challengeCount());
    assertEquals(0, state.backlogSize(VerifierState.CHALLENGE_BACKLOG));
    MarketState marketState = new MarketState(new ModuleStorage(chain.headStateCopy(), ComputeMarketModule.ADDRESS));
    for (BigInteger id : ids(64, JOBS)) {
      assertEquals(JobStatus.SETTLED, marketState.job(id).orElseThrow().status(), "job " + id);
    }
  }

  /** P and V1..V5 registered at block 1, 70 jobs submitted at 2 (all to P) and committed at 3. */
  private static VerifierChain seventyCommitted(MarketParameters market) {
    VerifierChain chain = new VerifierChain(() -> List.of(new ComputeMarketModule(market, VerifierModuleTest.REWARDS),
        new VerifierModule(VerifierModuleTest.PARAMS, market, VerifierModuleTest.REWARDS),
        new io.veritas.market.rewards.RewardsModule(VerifierModuleTest.REWARDS)), VerifierModuleTest.everyone());
    List<Call> registrations = new ArrayList<>();
    registrations.add(new Call(VerifierModuleTest.PROVIDER, ComputeMarketModule.ADDRESS, UInt256.valueOf(VerifierModuleTest.BONDS[0]),
        Calls.registerProvider(List.of(VerifierModuleTest.MODEL), 1, VerifierModuleTest.payout(VerifierModuleTest.PROVIDER), "/ip4/10.0.0.10/tcp/1")));
    for (int i = 0; i < VerifierModuleTest.VERIFIERS.size(); i++) {
      KeyPair v = VerifierModuleTest.VERIFIERS.get(i);
      registrations.add(new Call(v, ComputeMarketModule.ADDRESS, UInt256.valueOf(VerifierModuleTest.BONDS[i + 1]),
          Calls.registerProvider(List.of(VerifierModuleTest.MODEL), 10, VerifierModuleTest.payout(v), "/ip4/10.0.0." + i + "/tcp/1")));
    }
    chain.sendAll(registrations).forEach(VerifierModuleTest::ok);
    List<Call> submissions = new ArrayList<>();
    List<Call> commits = new ArrayList<>();
    for (long id = 1; id <= JOBS; id++) {
      submissions.add(new Call(VerifierModuleTest.CLIENT, ComputeMarketModule.ADDRESS, UInt256.valueOf(8),
          Calls.submitJob(VerifierModuleTest.MODEL, VerifierModuleTest.PROMPT, 8, id)));
      commits.add(new Call(VerifierModuleTest.PROVIDER, ComputeMarketModule.ADDRESS, UInt256.ZERO,
          Calls.commitResult(id, VerifierModuleTest.OUTPUT, VerdictSeal.sealTrace(VerifierModuleTest.TRACE_ROOT, VerifierModuleTest.TRACE_SALT))));
    }
    chain.sendAll(submissions).forEach(VerifierModuleTest::ok);
    chain.sendAll(commits).forEach(VerifierModuleTest::ok);
    assertEquals(3, chain.height());
    return chain;
  }

  private static VerifierChain.Outcome ok(VerifierChain.Outcome outcome) {
    return VerifierModuleTest.ok(outcome);
  }

  private static List<ProtocolTransaction> verifierCalls(VerifierChain chain, long block) {
    return chain.protocolTransactions(block).stream().filter(t -> t.target().equals(VerifierModule.ADDRESS)).toList();
  }

  private static void assertAllSucceeded(VerifierChain chain, long block) {
    for (Receipt receipt : chain.protocolReceipts(block)) {
      assertTrue(receipt.success(), "a protocol transaction of block " + block + " failed");
    }
  }

  private static VerifierState state(VerifierChain chain) {
    return new VerifierState(new ModuleStorage(chain.headStateCopy(), VerifierModule.ADDRESS));
  }
}
