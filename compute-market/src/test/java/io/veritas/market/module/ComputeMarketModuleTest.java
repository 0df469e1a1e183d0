package io.veritas.market.module;

import static io.veritas.market.module.MarketCalls.commitResult;
import static io.veritas.market.module.MarketCalls.deregisterProvider;
import static io.veritas.market.module.MarketCalls.getJob;
import static io.veritas.market.module.MarketCalls.registerProvider;
import static io.veritas.market.module.MarketCalls.submitJob;
import static io.veritas.market.module.MarketCalls.withdrawBond;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.state.Account;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.types.Address;
import io.veritas.market.module.MarketChain.Outcome;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.MarketParameters;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint32;

@SuppressWarnings("rawtypes")
class ComputeMarketModuleTest {
  static final MarketParameters PARAMS = new MarketParameters(UInt256.valueOf(1_000), 64, 100, 5, 3, 4, 2, UInt256.valueOf(100));
  static final Bytes32 MODEL = Bytes32.fromHexString("0x11a3a000000000000000000000000000000000000000000000000000000000b1");
  static final Bytes32 OTHER_MODEL = Bytes32.fromHexString("0x22b4b000000000000000000000000000000000000000000000000000000000c2");
  static final KeyPair P1 = MarketChain.key(1);
  static final KeyPair P2 = MarketChain.key(2);
  static final KeyPair CLIENT = MarketChain.key(3);
  static final Address PAYOUT1 = Address.fromHex("0x00000000000000000000000000000000000ba701");
  static final Address PAYOUT2 = Address.fromHex("0x00000000000000000000000000000000000ba702");
  static final Bytes PROMPT = Bytes.wrap("Why is the sky blue?".getBytes(StandardCharsets.UTF_8));
  static final Bytes32 SEAL = Bytes32.fromHexString("0x5ea15ea15ea15ea15ea15ea15ea15ea15ea15ea15ea15ea15ea15ea15ea15ea1");

  private static MarketChain chain(MarketParameters params) {
    return new MarketChain(params, List.of(P1, P2, CLIENT));
  }

  /** P1: bond 1,000, 5 wei/token; P2: bond 3,000, 6 wei/token; both serve MODEL. Blocks 1 and 2. */
  private static MarketChain twoProviders(MarketParameters params) {
    MarketChain chain = chain(params);
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(P2, UInt256.valueOf(3_000), registerProvider(List.of(MODEL), 6, PAYOUT2, "/ip4/10.0.0.2/tcp/9000")));
    return chain;
  }

  static Outcome ok(Outcome outcome) {
    assertTrue(outcome.success(), () -> "transaction reverted: " + outcome.revertReason().orElse("?"));
    return outcome;
  }

  /** Sends a call that must revert with exactly {@code reason} and leave the module's account untouched. */
  static void reverts(MarketChain chain, KeyPair from, long value, Function call, String reason) {
    Account before = chain.moduleAccount();
    WorldState expected = chain.headStateCopy();
    Outcome outcome = chain.send(from, UInt256.valueOf(value), call);
    assertFalse(outcome.success(), "expected a revert: " + reason);
    assertEquals(Optional.of(reason), outcome.revertReason());
    assertEquals(List.of(), outcome.logs());
    assertEquals(before, chain.moduleAccount(), "a reverted call leaves the module's balance and storage as they were");
    // The whole state is the old one plus only what any transaction costs: the sender's nonce and gas, the tip.
    expected.setNonce(from.address(), expected.nonce(from.address()) + 1);
    expected.subtractBalance(from.address(), outcome.gasCost());
    expected.addBalance(MarketChain.PROPOSER, outcome.tip());
    assertEquals(expected.rootHash(), chain.headStateRoot(), "state root after the revert");
  }

  /** The market's processDue protocol transaction at index 0 of block {@code block}. */
  static ProtocolTransaction protocolCall(long block, List<Long> jobIds, long cursorHeight, long cursorIndex) {
    return new ProtocolTransaction(ProtocolTransaction.PAYOUT, MarketChain.CHAIN_ID, block, 0, ComputeMarketModule.ADDRESS,
        ComputeMarketModule.processDueCall(jobIds.stream().map(BigInteger::valueOf).toList(), new DueCursor(cursorHeight, cursorIndex)));
  }

  private static List<Type> job(MarketChain chain, long id) throws ModuleRevertException {
    return chain.view(getJob(id));
  }

  private static Address addressOf(Type value) {
    return Address.fromHex(((org.web3j.abi.datatypes.Address) value).getValue());
  }

  private static long number(Type value) {
    return ((java.math.BigInteger) value.getValue()).longValueExact();
  }

  private static Bytes32 topic(long n) {
    return UInt256.valueOf(n);
  }

  private static Bytes32 topic(Address address) {
    return Bytes32.leftPad(address.bytes());
  }

  @Test
  void happyPathAssignsByBeaconCommitsRefundsTheUnusedEscrowAndSettlesAfterTheWindow() throws Exception {
    MarketChain chain = twoProviders(PARAMS);
    Outcome submitted = ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 10, 42)));
    assertEquals(3, submitted.block());

    // With the beacon 0x5eed…01, keccak256(beacon ‖ uint256(1)) mod 4,000 = 3,680; walking in address order
    // (P1 < P2) P1 covers [0, 1,000) and P2 [1,000, 4,000), so P2 takes the job.
    assertTrue(P1.address().compareTo(P2.address()) < 0);
    Address assigned = P2.address();
    assertEquals(List.of(
        new Log(ComputeMarketModule.ADDRESS, List.of(ComputeMarketModule.JOB_SUBMITTED.topic(), topic(1), topic(CLIENT.address())), MODEL),
        new Log(ComputeMarketModule.ADDRESS, List.of(ComputeMarketModule.JOB_ASSIGNED.topic(), topic(1), topic(assigned)), Bytes.EMPTY)),
        submitted.logs());
    List<Type> job = job(chain, 1);
    assertEquals(JobStatus.ASSIGNED.code(), number(job.get(0)));
    assertEquals(CLIENT.address(), addressOf(job.get(1)));
    assertEquals(assigned, addressOf(job.get(2)));
    assertEquals(10, number(job.get(4)));
    assertEquals(42, number(job.get(5)));
    assertEquals(60, number(job.get(6)));
    assertEquals(6, number(job.get(7)), "the price is the assigned provider's");
    assertEquals(3, number(job.get(11)));
    assertEquals(3, number(job.get(12)));
    assertEquals(PROMPT, Bytes.wrap(((org.web3j.abi.datatypes.DynamicBytes) chain.view(MarketCalls.getPrompt(1)).get(0)).getValue()));

    Outcome committed = ok(chain.send(P2, UInt256.ZERO, commitResult(1, List.of(791L, 3_000_000_000L, 2L), SEAL)));
    assertEquals(List.of(new Log(ComputeMarketModule.ADDRESS,
        List.of(ComputeMarketModule.RESULT_COMMITTED.topic(), topic(1), topic(assigned)), UInt256.valueOf(3))), committed.logs());
    job = job(chain, 1);
    assertEquals(JobStatus.COMMITTED.code(), number(job.get(0)));
    assertEquals(18, number(job.get(8)), "fee = 3 tokens × 6 wei");
    @SuppressWarnings("unchecked")
    List<Uint32> tokens = ((DynamicArray<Uint32>) job.get(9)).getValue();
    assertEquals(List.of(791L, 3_000_000_000L, 2L), tokens.stream().map(t -> t.getValue().longValueExact()).toList());
    assertEquals(SEAL, Bytes32.wrap((byte[]) job.get(10).getValue()));
    assertEquals(4, number(job.get(13)));
    assertEquals(chain.expectedBalance(CLIENT.address(), UInt256.valueOf(60), UInt256.valueOf(42)), chain.balance(CLIENT.address()),
        "the client got back 60 − 18 wei at once");
    assertEquals(UInt256.valueOf(4_018), chain.balance(ComputeMarketModule.ADDRESS), "bonds + the fee held for the window");

    chain.advanceTo(6);
    assertEquals(List.of(), chain.transactions(5), "in its challenge window the job is not settled");
    assertEquals(List.of(), chain.transactions(6));
    assertEquals(JobStatus.COMMITTED.code(), number(job(chain, 1).get(0)));
    chain.advanceTo(7);
    // The scan at block 7 walks heights 0..6 (empty), finds job 1 at height 7 (its window closed), and stops past 7.
    assertEquals(List.of(protocolCall(7, List.of(1L), 8, 0)), chain.transactions(7));
    Receipt settled = chain.receipts(7).get(0);
    assertTrue(settled.success());
    assertEquals(0, settled.cumulativeGasUsed(), "protocol transactions use no gas");
    assertEquals(List.of(new Log(ComputeMarketModule.ADDRESS,
        List.of(ComputeMarketModule.JOB_SETTLED.topic(), topic(1), topic(assigned)), UInt256.valueOf(18))), settled.logs());
    assertEquals(UInt256.valueOf(18), chain.balance(PAYOUT2));
    assertEquals(UInt256.ZERO, chain.balance(PAYOUT1));
    assertEquals(UInt256.valueOf(4_000), chain.balance(ComputeMarketModule.ADDRESS), "only the bonds remain");
    assertEquals(chain.expectedBalance(CLIENT.address(), UInt256.valueOf(60), UInt256.valueOf(42)), chain.balance(CLIENT.address()));
    job = job(chain, 1);
    assertEquals(JobStatus.SETTLED.code(), number(job.get(0)));
    assertEquals(7, number(job.get(14)));
    List<Type> provider = chain.view(MarketCalls.getProvider(P2.address()));
    assertEquals(0, number(provider.get(7)), "no active job");
    assertEquals(0, number(provider.get(8)), "no open job");
    assertEquals(1, number(provider.get(9)), "one settled job");
    chain.advanceTo(12);
    for (long n = 8; n <= 12; n++) {
      assertEquals(List.of(), chain.transactions(n), "job 1's stale deadline entry at height 9 asks for nothing");
    }
  }

  @Test
  void rejectsBadJobsWithClearReasonsAndLeavesStateUntouched() throws Exception {
    MarketChain chain = twoProviders(PARAMS);
    reverts(chain, CLIENT, 1_000, submitJob(OTHER_MODEL, PROMPT, 10, 1),
        "unknown model " + OTHER_MODEL + ": no registered provider serves it");
    reverts(chain, CLIENT, 1_000, submitJob(MODEL, Bytes.EMPTY, 10, 1), "prompt must not be empty");
    reverts(chain, CLIENT, 1_000, submitJob(MODEL, Bytes.wrap(new byte[101]), 10, 1), "prompt is 101 bytes; at most 100");
    reverts(chain, CLIENT, 1_000, submitJob(MODEL, PROMPT, 0, 1), "maxTokens must be at least 1");
    reverts(chain, CLIENT, 1_000, submitJob(MODEL, PROMPT, 65, 1), "maxTokens 65 exceeds the limit of 64 per job");
    reverts(chain, CLIENT, 49, submitJob(MODEL, PROMPT, 10, 1), "escrow too small: 10 tokens at 5 wei need 50 wei, sent 49");
    assertEquals(BigInteger.ZERO, chain.view(MarketCalls.jobCount()).get(0).getValue());
    assertEquals(chain.expectedBalance(CLIENT.address(), UInt256.ZERO, UInt256.ZERO), chain.balance(CLIENT.address()),
        "the client paid only gas: every escrow came back with the revert");
    var e = assertThrows(ModuleRevertException.class, () -> chain.view(getJob(1)));
    assertEquals("no job 1: no job was submitted yet", e.reason());
  }

  @Test
  void anEscrowThatCoversOnlyTheCheaperProviderIsAssignedToIt() throws Exception {
    MarketChain chain = twoProviders(PARAMS);
    // 50 wei pays 10 tokens at P1's 5 wei but not at P2's 6 wei, so only P1 is eligible.
    for (int i = 1; i <= 2; i++) {
      ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, PROMPT, 10, i)));
      assertEquals(P1.address(), addressOf(job(chain, i).get(2)));
    }
    reverts(chain, CLIENT, 50, submitJob(MODEL, PROMPT, 10, 3),
        "no provider of model " + MODEL + " can take the job now: 2 serve it, 1 at capacity (2 jobs each), 1 priced above the escrow of 50 wei for 10 tokens");
  }

  @Test
  void rejectsResultsFromOthersTwiceTooLongOrTooLate() throws Exception {
    MarketChain chain = twoProviders(PARAMS);
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 4, 7)));
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 4, 8)));
    assertEquals(P2.address(), addressOf(job(chain, 1).get(2)));
    assertEquals(P2.address(), addressOf(job(chain, 2).get(2)));
    reverts(chain, P1, 0, commitResult(1, List.of(1L), SEAL), "job 1 is assigned to " + P2.address() + ", not " + P1.address());
    reverts(chain, P2, 0, commitResult(1, List.of(1L, 2L, 3L, 4L, 5L), SEAL), "job 1 allows at most 4 output tokens, got 5");
    reverts(chain, P2, 0, commitResult(9, List.of(1L), SEAL), "no job 9 (jobs are 1..2)");
    ok(chain.send(P2, UInt256.ZERO, commitResult(1, List.of(1L, 2L), SEAL)));
    reverts(chain, P2, 0, commitResult(1, List.of(1L), SEAL), "job 1 already has a result, committed at block 8");
    // Job 2 was assigned at block 4: a result is accepted until block 9.
    chain.advanceTo(9);
    // In block 10 the protocol transaction comes first: it expires job 2 (P2 penalised, the job moved to P1), so P2's
    // late result finds the job no longer its own.
    Outcome late = chain.send(P2, UInt256.ZERO, commitResult(2, List.of(1L), SEAL));
    assertFalse(late.success());
    assertEquals(Optional.of("job 2 is assigned to " + P1.address() + ", not " + P2.address()), late.revertReason());
    assertEquals(protocolCall(10, List.of(2L), 11, 0), chain.transactions(10).get(0));
  }

  @Test
  void aMissedDeadlinePenalisesTheProviderReassignsOnceThenRefunds() throws Exception {
    MarketChain chain = twoProviders(PARAMS);
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 10, 42)));
    assertEquals(P2.address(), addressOf(job(chain, 1).get(2)));
    chain.advanceTo(8);
    assertEquals(JobStatus.ASSIGNED.code(), number(job(chain, 1).get(0)), "P2 has until block 8 to commit");
    chain.advanceTo(9);
    assertEquals(List.of(protocolCall(9, List.of(1L), 10, 0)), chain.transactions(9));
    Receipt first = chain.receipts(9).get(0);
    assertEquals(List.of(
        new Log(ComputeMarketModule.ADDRESS, List.of(ComputeMarketModule.PROVIDER_PENALIZED.topic(), topic(P2.address()), topic(1)), UInt256.valueOf(100)),
        new Log(ComputeMarketModule.ADDRESS, List.of(ComputeMarketModule.JOB_ASSIGNED.topic(), topic(1), topic(P1.address())), Bytes.EMPTY)),
        first.logs());
    List<Type> job = job(chain, 1);
    assertEquals(JobStatus.ASSIGNED.code(), number(job.get(0)));
    assertEquals(P1.address(), addressOf(job.get(2)));
    assertEquals(5, number(job.get(7)), "the new provider's price");
    assertEquals(9, number(job.get(12)), "assigned again at block 9");
    assertEquals(1, number(job.get(15)));
    assertEquals(P2.address(), addressOf(job.get(16)));
    List<Type> p2 = chain.view(MarketCalls.getProvider(P2.address()));
    assertEquals(2_900, number(p2.get(0)), "bond minus the penalty");
    assertEquals(0, number(p2.get(8)));
    assertEquals(1, number(p2.get(10)), "one timeout");
    reverts(chain, P2, 0, commitResult(1, List.of(1L), SEAL), "job 1 is assigned to " + P1.address() + ", not " + P2.address());

    chain.advanceTo(15);
    assertEquals(List.of(protocolCall(15, List.of(1L), 16, 0)), chain.transactions(15), "reassigned at block 9, P1 had until block 14");
    Receipt second = chain.receipts(15).get(0);
    assertEquals(List.of(
        new Log(ComputeMarketModule.ADDRESS, List.of(ComputeMarketModule.PROVIDER_PENALIZED.topic(), topic(P1.address()), topic(1)), UInt256.valueOf(100)),
        new Log(ComputeMarketModule.ADDRESS, List.of(ComputeMarketModule.JOB_REFUNDED.topic(), topic(1), topic(CLIENT.address())), UInt256.valueOf(60))),
        second.logs());
    assertEquals(JobStatus.REFUNDED.code(), number(job(chain, 1).get(0)));
    assertEquals(chain.expectedBalance(CLIENT.address(), UInt256.ZERO, UInt256.ZERO), chain.balance(CLIENT.address()),
        "the whole escrow came back");
    assertEquals(UInt256.valueOf(3_800), chain.balance(ComputeMarketModule.ADDRESS), "the two penalties were burned");
    assertEquals(chain.headHash(), chain.replayOnAFollower(List.of(P1, P2, CLIENT)),
        "a follower re-executing the blocks reaches the same assignments, state and hashes");
  }

  @Test
  void aMissedDeadlineWithNoOtherProviderRefundsAtOnceAndABondBelowTheMinimumGetsNoJobs() throws Exception {
    MarketChain chain = chain(PARAMS);
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, PROMPT, 10, 1)));
    chain.advanceTo(8);
    Receipt expired = chain.receipts(8).get(0);
    assertEquals(List.of(protocolCall(8, List.of(1L), 9, 0)), chain.transactions(8));
    assertEquals(ComputeMarketModule.PROVIDER_PENALIZED.topic(), expired.logs().get(0).topics().get(0));
    assertEquals(ComputeMarketModule.JOB_REFUNDED.topic(), expired.logs().get(1).topics().get(0));
    assertEquals(JobStatus.REFUNDED.code(), number(job(chain, 1).get(0)));
    assertEquals(UInt256.valueOf(900), chain.balance(ComputeMarketModule.ADDRESS));
    assertEquals(chain.expectedBalance(CLIENT.address(), UInt256.ZERO, UInt256.ZERO), chain.balance(CLIENT.address()));
    reverts(chain, CLIENT, 50, submitJob(MODEL, PROMPT, 10, 2),
        "no active provider serves model " + MODEL + ": the 1 that list it are deregistered or hold less than the minimum bond of 1000 wei");
    ok(chain.send(P1, UInt256.valueOf(100), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, PROMPT, 10, 2)));
    assertEquals(P1.address(), addressOf(job(chain, 2).get(2)), "topped up to the minimum, the provider takes jobs again");
  }

  @Test
  void providersAtCapacityAreSkipped() throws Exception {
    MarketParameters oneAtATime = new MarketParameters(UInt256.valueOf(1_000), 64, 100, 5, 3, 4, 1, UInt256.valueOf(100));
    MarketChain chain = twoProviders(oneAtATime);
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 10, 1)));
    assertEquals(P2.address(), addressOf(job(chain, 1).get(2)));
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 10, 2)));
    assertEquals(P1.address(), addressOf(job(chain, 2).get(2)), "P2 is at capacity, so P1 takes job 2 whatever the draw");
    reverts(chain, CLIENT, 60, submitJob(MODEL, PROMPT, 10, 3),
        "no provider of model " + MODEL + " can take the job now: 2 serve it, 2 at capacity (1 jobs each), 0 priced above the escrow of 60 wei for 10 tokens");
    ok(chain.send(P1, UInt256.ZERO, commitResult(2, List.of(9L), SEAL)));
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 10, 4)));
    assertEquals(P1.address(), addressOf(job(chain, 3).get(2)), "committing frees P1's slot");
  }

  @Test
  void aDeregisteredProviderGetsNoJobsAndWithdrawsItsBondAfterUnbondingWithNoOpenJob() throws Exception {
    MarketChain chain = chain(PARAMS);
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, PROMPT, 10, 1)));
    ok(chain.send(P2, UInt256.valueOf(3_000), registerProvider(List.of(MODEL), 5, PAYOUT2, "/ip4/10.0.0.2/tcp/9000")));
    reverts(chain, P1, 0, withdrawBond(), "provider " + P1.address() + " must call deregisterProvider() before withdrawing its bond");
    Outcome deregistered = ok(chain.send(P1, UInt256.ZERO, deregisterProvider()));
    assertEquals(5, deregistered.block());
    assertEquals(List.of(new Log(ComputeMarketModule.ADDRESS,
        List.of(ComputeMarketModule.PROVIDER_DEREGISTERED.topic(), topic(P1.address())), UInt256.valueOf(9))), deregistered.logs());
    reverts(chain, P1, 0, deregisterProvider(), "provider " + P1.address() + " already deregistered at block 5");
    Outcome committed = ok(chain.send(P1, UInt256.ZERO, commitResult(1, List.of(4L, 5L), SEAL)));
    assertEquals(7, committed.block(), "a deregistered provider still finishes the jobs it holds");
    ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, PROMPT, 10, 2)));
    reverts(chain, P1, 0, withdrawBond(), "provider " + P1.address() + " still has 1 open jobs; its bond stays until they settle or expire");
    assertEquals(9, chain.height(), "unbonded from block 9, but job 1 settles only at block 10");
    ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, PROMPT, 10, 3)));
    assertEquals(List.of(protocolCall(10, List.of(1L), 11, 0)), chain.transactions(10).subList(0, 1));
    assertEquals(P2.address(), addressOf(job(chain, 2).get(2)));
    assertEquals(P2.address(), addressOf(job(chain, 3).get(2)));
    Outcome withdrawn = ok(chain.send(P1, UInt256.ZERO, withdrawBond()));
    assertEquals(List.of(new Log(ComputeMarketModule.ADDRESS,
        List.of(ComputeMarketModule.BOND_WITHDRAWN.topic(), topic(P1.address())), UInt256.valueOf(1_000))), withdrawn.logs());
    assertEquals(chain.expectedBalance(P1.address(), UInt256.ZERO, UInt256.ZERO), chain.balance(P1.address()), "the bond came back whole");
    assertEquals(UInt256.valueOf(10), chain.balance(PAYOUT1));
    assertEquals(UInt256.valueOf(3_100), chain.balance(ComputeMarketModule.ADDRESS), "P2's bond and the escrows of jobs 2 and 3");
    reverts(chain, P1, 0, withdrawBond(), "provider " + P1.address() + " has no bond to withdraw");
  }

  @Test
  void withdrawingBeforeTheUnbondingDelayIsRejected() {
    MarketChain chain = chain(PARAMS);
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(P1, UInt256.ZERO, deregisterProvider()));
    reverts(chain, P1, 0, withdrawBond(), "bond of " + P1.address() + " unbonds at block 6; this is block 3");
    reverts(chain, CLIENT, 50, submitJob(MODEL, PROMPT, 10, 1),
        "no active provider serves model " + MODEL + ": the 1 that list it are deregistered or hold less than the minimum bond of 1000 wei");
    chain.advanceTo(5);
    ok(chain.send(P1, UInt256.ZERO, withdrawBond()));
    assertEquals(UInt256.ZERO, chain.balance(ComputeMarketModule.ADDRESS));
  }

  @Test
  void reRegisteringUpdatesTheOfferAndAddsToTheBond() throws Exception {
    MarketChain chain = chain(PARAMS);
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(P1, UInt256.ZERO, deregisterProvider()));
    ok(chain.send(P1, UInt256.valueOf(500), registerProvider(List.of(OTHER_MODEL, MODEL), 7, PAYOUT2, "/dns/p1.example/tcp/9001")));
    List<Type> provider = chain.view(MarketCalls.getProvider(P1.address()));
    assertEquals(1_500, number(provider.get(0)));
    assertEquals(7, number(provider.get(1)));
    assertEquals(PAYOUT2, addressOf(provider.get(2)));
    assertEquals("/dns/p1.example/tcp/9001", provider.get(3).getValue());
    @SuppressWarnings("unchecked")
    List<org.web3j.abi.datatypes.generated.Bytes32> models = ((DynamicArray<org.web3j.abi.datatypes.generated.Bytes32>) provider.get(4)).getValue();
    assertEquals(List.of(OTHER_MODEL, MODEL), models.stream().map(m -> Bytes32.wrap(m.getValue())).toList());
    assertEquals(1, number(provider.get(5)), "first registered at block 1");
    assertEquals(0, number(provider.get(6)), "re-registering cancels the deregistration");
    assertEquals(BigInteger.ONE, chain.view(MarketCalls.providerCount()).get(0).getValue());
    assertEquals(P1.address(), addressOf(chain.view(MarketCalls.providerAt(0)).get(0)));
    var e = assertThrows(ModuleRevertException.class, () -> chain.view(MarketCalls.providerAt(1)));
    assertEquals("no provider at index 1: there are 1", e.reason());
  }

  @Test
  void rejectsBadRegistrations() throws Exception {
    MarketChain chain = chain(PARAMS);
    String endpoint = "/ip4/10.0.0.1/tcp/9000";
    reverts(chain, P1, 999, registerProvider(List.of(MODEL), 5, PAYOUT1, endpoint),
        "bond too small: provider " + P1.address() + " would hold 999 wei (sent 999), the minimum is 1000 wei");
    reverts(chain, P1, 1_000, registerProvider(List.of(), 5, PAYOUT1, endpoint), "registerProvider needs at least one model");
    reverts(chain, P1, 1_000, registerProvider(List.of(MODEL, MODEL), 5, PAYOUT1, endpoint), "model " + MODEL + " is listed twice");
    reverts(chain, P1, 1_000, registerProvider(List.of(Bytes32.ZERO), 5, PAYOUT1, endpoint), "model id 0x00…00 is not a model");
    reverts(chain, P1, 1_000, registerProvider(List.of(MODEL), 0, PAYOUT1, endpoint), "pricePerToken must be positive");
    reverts(chain, P1, 1_000, registerProvider(List.of(MODEL), 5, Address.ZERO, endpoint), "payout must not be the zero address");
    reverts(chain, P1, 1_000, registerProvider(List.of(MODEL), 5, PAYOUT1, ""), "endpoint must not be empty");
    reverts(chain, P1, 1_000, registerProvider(List.of(MODEL), 5, PAYOUT1, "x".repeat(257)), "endpoint is 257 bytes; at most 256");
    reverts(chain, P1, 0, deregisterProvider(), P1.address() + " is not a registered provider");
    assertEquals(BigInteger.ZERO, chain.view(MarketCalls.providerCount()).get(0).getValue());
    assertEquals(chain.expectedBalance(P1.address(), UInt256.ZERO, UInt256.ZERO), chain.balance(P1.address()));
  }

  @Test
  void viewsAndPaymentsRejectValueWhereNotPayable() {
    MarketChain chain = twoProviders(PARAMS);
    reverts(chain, P1, 5, withdrawBond(), "withdrawBond() is not payable, but the call sent 5 wei");
  }

  @Test
  void stateLivesInTheDocumentedSlots() throws Exception {
    MarketChain chain = twoProviders(PARAMS);
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 10, 42)));
    Bytes32 jobCount = io.veritas.chain.crypto.Keccak256.hash(Bytes.wrap("veritas.market.jobCount".getBytes(StandardCharsets.UTF_8)));
    Bytes32 jobs = io.veritas.chain.crypto.Keccak256.hash(Bytes.wrap("veritas.market.jobs".getBytes(StandardCharsets.UTF_8)));
    Bytes32 providers = io.veritas.chain.crypto.Keccak256.hash(Bytes.wrap("veritas.market.providers".getBytes(StandardCharsets.UTF_8)));
    Bytes32 list = io.veritas.chain.crypto.Keccak256.hash(Bytes.wrap("veritas.market.providerList".getBytes(StandardCharsets.UTF_8)));
    assertEquals(UInt256.ONE, chain.storageAt(jobCount));
    UInt256 job1 = UInt256.fromBytes(io.veritas.chain.crypto.Keccak256.hash(Bytes.concatenate(UInt256.ONE, jobs)));
    assertEquals(UInt256.valueOf(JobStatus.ASSIGNED.code()), chain.storageAt(job1));
    assertEquals(UInt256.fromBytes(Bytes32.leftPad(CLIENT.address().bytes())), chain.storageAt(job1.add(1)));
    assertEquals(UInt256.fromBytes(MODEL), chain.storageAt(job1.add(3)));
    assertEquals(UInt256.valueOf(60), chain.storageAt(job1.add(6)));
    assertEquals(UInt256.valueOf(PROMPT.size()), chain.storageAt(job1.add(16)), "prompt length");
    UInt256 p2 = UInt256.fromBytes(io.veritas.chain.crypto.Keccak256.hash(Bytes.concatenate(Bytes32.leftPad(P2.address().bytes()), providers)));
    assertEquals(UInt256.valueOf(3_000), chain.storageAt(p2));
    assertEquals(UInt256.valueOf(2), chain.storageAt(list));
    assertEquals(UInt256.fromBytes(Bytes32.leftPad(P1.address().bytes())),
        chain.storageAt(io.veritas.chain.crypto.Keccak256.hash(list)));
    List<Type> due = chain.view(MarketCalls.dueTransition(1));
    assertEquals(0, number(due.get(0)));
    assertEquals(9, number(due.get(1)), "expires from block 9");
  }
}
