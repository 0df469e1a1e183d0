package io.veritas.market.module;

import static io.veritas.market.module.MarketCalls.commitResult;
import static io.veritas.market.module.MarketCalls.deregisterProvider;
import static io.veritas.market.module.MarketCalls.getJob;
import static io.veritas.market.module.MarketCalls.registerProvider;
import static io.veritas.market.module.MarketCalls.submitJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.state.Account;
import io.veritas.chain.types.Address;
import io.veritas.market.module.MarketChain.Outcome;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.Provider;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/** The challenge hooks another module (the verifier) uses through {@link MarketLedger}, driven by a test probe module. */
@SuppressWarnings("rawtypes")
class MarketLedgerTest {
  static final KeyPair P1 = ComputeMarketModuleTest.P1;
  static final KeyPair P2 = ComputeMarketModuleTest.P2;
  static final KeyPair CLIENT = ComputeMarketModuleTest.CLIENT;
  static final Bytes32 MODEL = ComputeMarketModuleTest.MODEL;
  static final Address PAYOUT1 = ComputeMarketModuleTest.PAYOUT1;
  static final Address PAYOUT2 = ComputeMarketModuleTest.PAYOUT2;
  static final Address HONEST = Address.fromHex("0x000000000000000000000000000000000000a0e5");

  private static MarketChain chain() {
    return new MarketChain(ComputeMarketModuleTest.PARAMS, List.of(new LedgerProbeModule()), List.of(P1, P2, CLIENT));
  }

  /** P1 (bond 1,000, 5 wei/token) and P2 (bond 3,000, 6 wei/token); job 1 (escrow 60) goes to P2 at block 3, P2 commits 3 tokens at block 4: fee 18. */
  private static MarketChain committedJob() {
    MarketChain chain = chain();
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(P2, UInt256.valueOf(3_000), registerProvider(List.of(MODEL), 6, PAYOUT2, "/ip4/10.0.0.2/tcp/9000")));
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, ComputeMarketModuleTest.PROMPT, 10, 42)));
    ok(chain.send(P2, UInt256.ZERO, commitResult(1, List.of(7L, 8L, 9L), ComputeMarketModuleTest.SEAL)));
    return chain;
  }

  private static Outcome ok(Outcome outcome) {
    assertTrue(outcome.success(), () -> "transaction reverted: " + outcome.revertReason().orElse("?"));
    return outcome;
  }

  private static Outcome probe(MarketChain chain, Function function) {
    return chain.sendTo(LedgerProbeModule.ADDRESS, CLIENT, UInt256.ZERO, function);
  }

  /** A probe call that must revert with {@code reason} and leave the market's balance and storage as they were. */
  private static void probeReverts(MarketChain chain, Function function, String reason) {
    Account before = chain.moduleAccount();
    Outcome outcome = probe(chain, function);
    assertFalse(outcome.success(), "expected a revert: " + reason);
    assertEquals(Optional.of(reason), outcome.revertReason());
    assertEquals(before, chain.moduleAccount());
  }

  static Function hold(long jobId, long challengeId) {
    return new Function("hold", List.of(new Uint256(jobId), new Uint256(challengeId)), List.of());
  }

  static Function releaseHonest(long jobId) {
    return new Function("releaseHonest", List.of(new Uint256(jobId)), List.of());
  }

  static Function releaseCheating(long jobId) {
    return new Function("releaseCheating", List.of(new Uint256(jobId)), List.of());
  }

  static Function slash(Address provider, long amount, Address to, long paid) {
    return new Function("slash", List.of(new org.web3j.abi.datatypes.Address(provider.toHexString()), new Uint256(amount),
        new org.web3j.abi.datatypes.Address(to.toHexString()), new Uint256(paid)), List.of());
  }

  static Function serving(Bytes32 model, long minBond) {
    return new Function("serving", List.of(new org.web3j.abi.datatypes.generated.Bytes32(model.toArrayUnsafe()), new Uint256(minBond)),
        List.of(new TypeReference<DynamicArray<org.web3j.abi.datatypes.Address>>() {}));
  }

  private static long status(MarketChain chain, long jobId) throws ModuleRevertException {
    return ((BigInteger) chain.view(getJob(jobId)).get(0).getValue()).longValueExact();
  }

  private static MarketLedger reader(MarketChain chain) {
    return MarketLedger.reading(new ModuleStorage(chain.headStateCopy(), MarketLedger.MARKET));
  }

  @SuppressWarnings("unchecked")
  private static List<Address> servingList(MarketChain chain, Bytes32 model, long minBond) throws ModuleRevertException {
    List<org.web3j.abi.datatypes.Address> list = (List<org.web3j.abi.datatypes.Address>) chain.viewOn(LedgerProbeModule.ADDRESS, serving(model, minBond)).get(0).getValue();
    return list.stream().map(a -> Address.fromHex(a.getValue())).toList();
  }

  @Test
  void aHeldJobIsNotDueUntilReleasedHonestThenSettlesLikeAnyOther() throws Exception {
    MarketChain chain = committedJob();
    ok(probe(chain, hold(1, 7))); // block 5
    assertEquals(JobStatus.CHALLENGED.code(), status(chain, 1));
    assertEquals(BigInteger.valueOf(7), chain.view(MarketCalls.jobChallenge(1)).get(0).getValue());
    assertEquals(BigInteger.valueOf(7), reader(chain).challengeOf(BigInteger.ONE));
    chain.advanceTo(8);
    List<Type> due = chain.view(MarketCalls.dueTransition(1));
    assertEquals(List.of(BigInteger.ZERO, BigInteger.ZERO), due.stream().map(Type::getValue).toList(),
        "past its window (block 7) a held job is still not due");
    probeReverts(chain, hold(1, 8), "job 1 is already held by challenge 7");
    assertEquals(UInt256.valueOf(4_018), chain.balance(ComputeMarketModule.ADDRESS), "the fee stays held");

    ok(probe(chain, releaseHonest(1))); // block 10
    assertEquals(JobStatus.COMMITTED.code(), status(chain, 1));
    due = chain.view(MarketCalls.dueTransition(1));
    assertEquals(List.of(BigInteger.ONE, BigInteger.valueOf(7)), due.stream().map(Type::getValue).toList());
    assertEquals(BigInteger.valueOf(7), chain.view(MarketCalls.jobChallenge(1)).get(0).getValue(), "the challenge stays on record");
    for (long n = 5; n <= 10; n++) {
      assertTrue(chain.transactions(n).stream().noneMatch(tx -> tx instanceof io.veritas.chain.tx.ProtocolTransaction),
          "block " + n + ": nothing settles while the job is held");
    }
    chain.advanceTo(11);
    // The release queued job 1 again at height 11; the scan walks heights 0..11 (job 1's own entry at 7 was held then,
    // its deadline entry at 9 is stale) and settles it.
    assertEquals(List.of(ComputeMarketModuleTest.protocolCall(11, List.of(1L), 12, 0)), chain.transactions(11));
    assertEquals(JobStatus.SETTLED.code(), status(chain, 1));
    assertEquals(UInt256.valueOf(18), chain.balance(PAYOUT2));
  }

  @Test
  void aJobFoundCheatingIsRejectedAndItsFeeGoesBackToTheClient() throws Exception {
    MarketChain chain = committedJob();
    ok(probe(chain, hold(1, 3)));
    Outcome rejected = ok(probe(chain, releaseCheating(1)));
    assertEquals(6, rejected.block());
    List<Type> job = chain.view(getJob(1));
    assertEquals(BigInteger.valueOf(JobStatus.REJECTED.code()), job.get(0).getValue());
    assertEquals(BigInteger.valueOf(18), job.get(8).getValue(), "the fee it would have earned stays on record");
    assertEquals(BigInteger.valueOf(6), job.get(14).getValue(), "closed at block 6");
    assertEquals(chain.expectedBalance(CLIENT.address(), UInt256.valueOf(60), UInt256.valueOf(60)), chain.balance(CLIENT.address()),
        "42 wei back at the commit and the 18 wei fee now: the whole escrow");
    assertEquals(UInt256.valueOf(4_000), chain.balance(ComputeMarketModule.ADDRESS), "only the bonds remain");
    assertEquals(UInt256.ZERO, chain.balance(PAYOUT2));
    Provider p2 = reader(chain).provider(P2.address()).orElseThrow();
    assertEquals(0, p2.openJobs(), "the rejected job no longer locks the bond");
    assertEquals(0, p2.settledJobs());
    assertEquals(List.of(BigInteger.ZERO, BigInteger.ZERO), chain.view(MarketCalls.dueTransition(1)).stream().map(Type::getValue).toList());
    probeReverts(chain, releaseHonest(1), "job 1 is not held by a challenge: it is already rejected by a challenge");
    probeReverts(chain, releaseCheating(1), "job 1 is not held by a challenge: it is already rejected by a challenge");
    probeReverts(chain, hold(1, 4), "job 1 cannot be challenged: it is already rejected by a challenge");
  }

  @Test
  void onlyACommittedJobCanBeHeldAndOnlyAHeldJobReleased() throws Exception {
    MarketChain chain = chain();
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, ComputeMarketModuleTest.PROMPT, 10, 1)));
    probeReverts(chain, hold(1, 1), "job 1 cannot be challenged: it is assigned and waiting for its result");
    probeReverts(chain, hold(1, 0), "challenge ids start at 1, got 0");
    probeReverts(chain, hold(9, 1), "no job 9 (jobs are 1..1)");
    ok(chain.send(P1, UInt256.ZERO, commitResult(1, List.of(1L), ComputeMarketModuleTest.SEAL)));
    probeReverts(chain, releaseHonest(1), "job 1 is not held by a challenge: it is committed and in its challenge window");
    probeReverts(chain, releaseCheating(1), "job 1 is not held by a challenge: it is committed and in its challenge window");
    assertEquals(BigInteger.ZERO, chain.view(MarketCalls.jobChallenge(1)).get(0).getValue());
  }

  @Test
  void slashingTakesFromTheBondForTheCallerToPayOrBurnAndBelowTheMinimumTheProviderGetsNoJobs() throws Exception {
    MarketChain chain = chain();
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(probe(chain, slash(P1.address(), 300, HONEST, 100)));
    assertEquals(UInt256.valueOf(700), reader(chain).provider(P1.address()).orElseThrow().bond());
    assertEquals(UInt256.valueOf(100), chain.balance(HONEST), "paid to the honest side");
    assertEquals(UInt256.valueOf(700), chain.balance(ComputeMarketModule.ADDRESS), "200 burned, 100 paid out");
    ComputeMarketModuleTest.reverts(chain, CLIENT, 50, submitJob(MODEL, ComputeMarketModuleTest.PROMPT, 10, 1),
        "no active provider serves model " + MODEL + ": the 1 that list it are deregistered or hold less than the minimum bond of 1000 wei");
    assertEquals(List.of(), servingList(chain, MODEL, 1_000));

    ok(probe(chain, slash(P1.address(), 5_000, HONEST, 0)));
    assertEquals(UInt256.ZERO, reader(chain).provider(P1.address()).orElseThrow().bond(), "no more than the bond is taken");
    assertEquals(UInt256.ZERO, chain.balance(ComputeMarketModule.ADDRESS));
    probeReverts(chain, slash(P2.address(), 1, HONEST, 0), P2.address() + " is not a registered provider");
    probeReverts(chain, slash(P1.address(), 1, HONEST, 5), "cannot pay 5 of 0 taken");
  }

  @Test
  void servingProvidersHoldTheBondServeTheModelAreActiveAndComeInAddressOrder() throws Exception {
    MarketChain chain = chain();
    assertTrue(P1.address().compareTo(P2.address()) < 0);
    ok(chain.send(P2, UInt256.valueOf(3_000), registerProvider(List.of(MODEL), 6, PAYOUT2, "/ip4/10.0.0.2/tcp/9000")));
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    assertEquals(List.of(P1.address(), P2.address()), servingList(chain, MODEL, 1_000), "address order, not registration order");
    assertEquals(List.of(P2.address()), servingList(chain, MODEL, 1_001));
    assertEquals(List.of(), servingList(chain, ComputeMarketModuleTest.OTHER_MODEL, 0));
    ok(chain.send(P2, UInt256.ZERO, deregisterProvider()));
    assertEquals(List.of(P1.address()), servingList(chain, MODEL, 0));
  }

  @Test
  void aReadOnlyLedgerReadsJobsAndProvidersButRefusesWrites() {
    MarketChain chain = committedJob();
    MarketLedger ledger = reader(chain);
    Job job = ledger.job(BigInteger.ONE).orElseThrow();
    assertEquals(JobStatus.COMMITTED, job.status());
    assertEquals(P2.address(), job.provider());
    assertEquals(4, job.committedAt());
    assertEquals(UInt256.valueOf(18), job.fee());
    assertEquals(List.of(7L, 8L, 9L), ledger.outputTokens(BigInteger.ONE));
    assertEquals(ComputeMarketModuleTest.PROMPT, ledger.prompt(BigInteger.ONE));
    assertEquals(BigInteger.ONE, ledger.jobCount());
    assertEquals(Optional.empty(), ledger.job(BigInteger.TWO));
    assertEquals(UInt256.valueOf(3_000), ledger.provider(P2.address()).orElseThrow().bond());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ledger.holdForChallenge(BigInteger.ONE, BigInteger.ONE));
    assertEquals("this market ledger only reads (built from a state view); writes need MarketLedger.of(call)", e.getMessage());
  }
}
