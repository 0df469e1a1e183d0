package io.veritas.verifier.module;

import static io.veritas.verifier.module.Calls.commitResult;
import static io.veritas.verifier.module.Calls.commitVerdict;
import static io.veritas.verifier.module.Calls.registerProvider;
import static io.veritas.verifier.module.Calls.revealTrace;
import static io.veritas.verifier.module.Calls.revealVerdict;
import static io.veritas.verifier.module.Calls.submitJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.state.Account;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.market.module.MarketState;
import io.veritas.market.rewards.ModelCostFactors;
import io.veritas.market.rewards.RewardsLedger;
import io.veritas.market.rewards.RewardsModule;
import io.veritas.market.rewards.RewardsParameters;
import io.veritas.market.rules.Job;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.MarketParameters;
import io.veritas.verifier.module.VerifierChain.Call;
import io.veritas.verifier.module.VerifierChain.Outcome;
import io.veritas.verifier.rules.Challenge;
import io.veritas.verifier.rules.ChallengeOutcome;
import io.veritas.verifier.rules.Verdict;
import io.veritas.verifier.rules.VerdictSeal;
import io.veritas.verifier.rules.VerifierParameters;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The verification game on a real in-memory chain with the market and the verifier: every challenge, escalation and
 * resolution is a protocol transaction the block begins with; balances are asserted to the wei.
 *
 * <p>Setup (blocks 1–3): provider P (bond 2,000,070 wei, 1 wei/token) and verifiers V1..V5 (bonds 1.0M..3.0M, 10 wei/token)
 * serve MODEL; the client's escrow (8 wei for 8 tokens) only fits P's price, so P gets job 1 and commits 5 tokens
 * (fee 5 wei) at block 3. With p = 100% the job is challenged at block 5 (delay 2) and two verifiers are drawn.
 */
@SuppressWarnings("rawtypes")
class VerifierModuleTest {
  static final MarketParameters MARKET = new MarketParameters(UInt256.valueOf(1_000_000), 64, 200, 5, 20, 50, 8, UInt256.valueOf(100));
  static final VerifierParameters PARAMS = new VerifierParameters(10_000, 10_000, 0, 2, 3, 2, 4, 4, 1_000, 5_000);
  static final Bytes32 MODEL = Bytes32.fromHexString("0x11a3a000000000000000000000000000000000000000000000000000000000b1");
  static final KeyPair PROVIDER = VerifierChain.key(0);
  static final KeyPair CLIENT = VerifierChain.key(9);
  static final List<KeyPair> VERIFIERS = List.of(VerifierChain.key(1), VerifierChain.key(2), VerifierChain.key(3), VerifierChain.key(4),
      VerifierChain.key(5));
  static final long[] BONDS = {2_000_070, 1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000};
  static final Bytes PROMPT = Bytes.wrap("Why is the sky blue?".getBytes(StandardCharsets.UTF_8));
  static final List<Long> OUTPUT = List.of(101L, 202L, 303L, 404L, 505L);
  static final Bytes32 TRACE_ROOT = Bytes32.fromHexString("0x7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace7ace");
  static final Bytes32 TRACE_SALT = Bytes32.fromHexString("0x5a175a175a175a175a175a175a175a175a175a175a175a175a175a175a175a17");
  /** What an honest verifier reports for P's wrong output (its first token is not the sampler's choice). */
  static final Bytes32 MISMATCH = VerdictSeal.mismatchRoot(0);
  static final Bytes32 GARBAGE = Bytes32.fromHexString("0x1a2b000000000000000000000000000000000000000000000000000000000000");
  static final long COMMITTED_AT = 3;
  static final long ISSUED_AT = 5;
  static final BigInteger JOB = BigInteger.ONE;
  static final BigInteger CHALLENGE = BigInteger.ONE;

  enum Behaviour { HONEST, LAZY, SILENT, ABSENT }

  /** Epochs of 10 blocks, 1,000,000 wei each, 20% (200,000 wei) for verifiers; 1 work unit per output token. */
  static final RewardsParameters REWARDS = new RewardsParameters(10, UInt256.valueOf(1_000_000), 2_000, ModelCostFactors.UNIFORM);
  /** Longer windows, for the test that spends a block on each bad input. */
  static final MarketParameters WIDE_MARKET = new MarketParameters(UInt256.valueOf(1_000_000), 64, 200, 5, 60, 100, 8, UInt256.valueOf(100));
  static final VerifierParameters WIDE = new VerifierParameters(10_000, 10_000, 0, 2, 3, 2, 20, 20, 1_000, 5_000);

  static List<KeyPair> everyone() {
    List<KeyPair> all = new ArrayList<>(VERIFIERS);
    all.add(PROVIDER);
    all.add(CLIENT);
    return all;
  }

  static Address payout(KeyPair provider) {
    return Address.fromHex("0x0000000000000000000000000000000000ba7" + provider.address().toHexString().substring(39));
  }

  static long bond(Address who) {
    if (who.equals(PROVIDER.address())) {
      return BONDS[0];
    }
    for (int i = 0; i < VERIFIERS.size(); i++) {
      if (VERIFIERS.get(i).address().equals(who)) {
        return BONDS[i + 1];
      }
    }
    throw new IllegalArgumentException(who + " is not in the test");
  }

  static KeyPair keyOf(Address who) {
    return everyone().stream().filter(k -> k.address().equals(who)).findFirst().orElseThrow();
  }

  static Bytes32 salt(Address verifier) {
    return Bytes32.leftPad(verifier.bytes());
  }

  /** Registers everyone, submits job 1 and commits P's result sealing {@code claimedRoot}; the head is block 3. */
  static VerifierChain committed(Bytes32 claimedRoot) {
    return committed(claimedRoot, MARKET, PARAMS);
  }

  static VerifierChain committed(Bytes32 claimedRoot, MarketParameters market, VerifierParameters params) {
    return committed(claimedRoot, market, params, VERIFIERS.size());
  }

  /** As {@link #committed(Bytes32)} with only the first {@code verifierCount} verifiers registered. */
  static VerifierChain committed(Bytes32 claimedRoot, MarketParameters market, VerifierParameters params, int verifierCount) {
    VerifierChain chain = new VerifierChain(
        () -> List.of(new ComputeMarketModule(market, REWARDS), new VerifierModule(params, market, REWARDS), new RewardsModule(REWARDS)),
        everyone());
    List<Call> registrations = new ArrayList<>();
    registrations.add(new Call(PROVIDER, ComputeMarketModule.ADDRESS, UInt256.valueOf(BONDS[0]),
        registerProvider(List.of(MODEL), 1, payout(PROVIDER), "/ip4/10.0.0.10/tcp/9000")));
    for (int i = 0; i < verifierCount; i++) {
      registrations.add(new Call(VERIFIERS.get(i), ComputeMarketModule.ADDRESS, UInt256.valueOf(BONDS[i + 1]),
          registerProvider(List.of(MODEL), 10, payout(VERIFIERS.get(i)), "/ip4/10.0.0." + (i + 1) + "/tcp/9000")));
    }
    chain.sendAll(registrations).forEach(VerifierModuleTest::ok);
    ok(chain.send(CLIENT, ComputeMarketModule.ADDRESS, UInt256.valueOf(8), submitJob(MODEL, PROMPT, 8, 42)));
    assertEquals(PROVIDER.address(), job(chain).provider(), "only P's price fits the escrow");
    ok(chain.send(PROVIDER, ComputeMarketModule.ADDRESS, UInt256.ZERO,
        commitResult(1, OUTPUT, VerdictSeal.sealTrace(claimedRoot, TRACE_SALT))));
    assertEquals(COMMITTED_AT, chain.height());
    return chain;
  }

  /** {@link #committed} and the blocks up to the challenge (block 5). */
  static VerifierChain challenged(Bytes32 claimedRoot) {
    return challenged(claimedRoot, MARKET, PARAMS);
  }

  static VerifierChain challenged(Bytes32 claimedRoot, MarketParameters market, VerifierParameters params) {
    VerifierChain chain = committed(claimedRoot, market, params);
    chain.advanceTo(ISSUED_AT);
    return chain;
  }

  static Outcome ok(Outcome outcome) {
    assertTrue(outcome.success(), () -> "transaction reverted: " + outcome.revertReason().orElse("?"));
    return outcome;
  }

  static Job job(VerifierChain chain) {
    return new MarketState(new ModuleStorage(chain.headStateCopy(), ComputeMarketModule.ADDRESS)).job(JOB).orElseThrow();
  }

  static Challenge challenge(VerifierChain chain) {
    return new VerifierState(new ModuleStorage(chain.headStateCopy(), VerifierModule.ADDRESS)).challenge(CHALLENGE).orElseThrow();
  }

  static List<Address> roundVerifiers(VerifierChain chain) {
    return challenge(chain).currentRound().stream().map(Verdict::verifier).toList();
  }

  /**
   * Plays the current round: verifiers act by {@code behaviour} (default honest, reporting {@code honestVerdict}), the
   * provider reveals its trace (first round) if {@code providerReveals}; then blocks pass until the protocol resolved
   * the round (the challenge is resolved or in its next round).
   */
  static void playRound(VerifierChain chain, Map<Address, Behaviour> behaviour, boolean providerReveals, Bytes32 claimedRoot,
      Bytes32 honestVerdict) {
    Challenge start = challenge(chain);
    List<Call> commits = new ArrayList<>();
    List<Call> reveals = new ArrayList<>();
    for (Address v : roundVerifiers(chain)) {
      Behaviour b = behaviour.getOrDefault(v, Behaviour.HONEST);
      Bytes32 verdict = b == Behaviour.LAZY ? GARBAGE : honestVerdict;
      if (b != Behaviour.ABSENT) {
        commits.add(new Call(keyOf(v), VerifierModule.ADDRESS, UInt256.ZERO,
            commitVerdict(1, VerdictSeal.sealVerdict(verdict, salt(v), v))));
      }
      if (b == Behaviour.HONEST || b == Behaviour.LAZY) {
        reveals.add(new Call(keyOf(v), VerifierModule.ADDRESS, UInt256.ZERO, revealVerdict(1, verdict, salt(v))));
      }
    }
    if (providerReveals && !start.traceRevealed()) {
      reveals.add(new Call(PROVIDER, VerifierModule.ADDRESS, UInt256.ZERO, revealTrace(1, claimedRoot, TRACE_SALT)));
    }
    if (!commits.isEmpty()) {
      chain.sendAll(commits).forEach(VerifierModuleTest::ok);
    }
    chain.advanceTo(Math.max(chain.height(), challenge(chain).revealOpensAt() - 1));
    if (!reveals.isEmpty()) {
      chain.sendAll(reveals).forEach(VerifierModuleTest::ok);
    }
    while (challenge(chain).isOpen() && challenge(chain).round() == start.round()) {
      chain.advanceTo(chain.height() + 1);
    }
  }

  /** The logs of the protocol transactions of block {@code number}, in order. */
  static List<Log> protocolLogs(VerifierChain chain, long number) {
    List<Log> logs = new ArrayList<>();
    for (Receipt receipt : chain.protocolReceipts(number)) {
      assertTrue(receipt.success(), "protocol transaction of block " + number + " failed");
      logs.addAll(receipt.logs());
    }
    return logs;
  }

  static List<Log> verifierLogs(List<Log> logs, Bytes32 topic) {
    return logs.stream().filter(l -> l.address().equals(VerifierModule.ADDRESS) && l.topics().get(0).equals(topic)).toList();
  }

  static Address topicAddress(Bytes32 topic) {
    return new Address(topic.slice(12, 20));
  }

  /** Slashed events of {@code logs} as (who, amount, reason). */
  static List<String> slashes(List<Log> logs) {
    List<String> out = new ArrayList<>();
    for (Log log : verifierLogs(logs, VerifierModule.SLASHED.topic())) {
      List<Type> data = FunctionReturnDecoder.decode(log.data().toUnprefixedHexString(),
          List.of((TypeReference) new TypeReference<Uint256>() {}, (TypeReference) new TypeReference<Utf8String>() {}));
      out.add(topicAddress(log.topics().get(1)) + " " + data.get(0).getValue() + " " + data.get(1).getValue());
    }
    return out;
  }

  static boolean resolvedHonest(List<Log> logs) {
    List<Log> resolved = verifierLogs(logs, VerifierModule.CHALLENGE_RESOLVED.topic());
    assertEquals(1, resolved.size());
    assertEquals(Bytes32.leftPad(Bytes.of(1)), resolved.get(0).topics().get(1));
    return ((Bool) FunctionReturnDecoder.decode(resolved.get(0).data().toUnprefixedHexString(),
        List.of((TypeReference) new TypeReference<Bool>() {})).get(0)).getValue();
  }

  /** VerdictRevealed events as "verifier agrees". */
  static List<String> verdictEvents(List<Log> logs) {
    List<String> out = new ArrayList<>();
    for (Log log : verifierLogs(logs, VerifierModule.VERDICT_REVEALED.topic())) {
      boolean agrees = ((Bool) FunctionReturnDecoder.decode(log.data().toUnprefixedHexString(),
          List.of((TypeReference) new TypeReference<Bool>() {})).get(0)).getValue();
      out.add(topicAddress(log.topics().get(2)) + " " + agrees);
    }
    return out;
  }

  // ---- the challenge draw

  @Test
  void resultIsChallengedDelayBlocksAfterItsCommitWithTheDrawPinnedForTheBeacon() throws ModuleRevertException {
    VerifierChain chain = committed(TRACE_ROOT);
    chain.advanceTo(ISSUED_AT - 1);
    assertEquals(List.of(), verifierLogs(protocolLogs(chain, ISSUED_AT - 1), VerifierModule.CHALLENGE_ISSUED.topic()));
    chain.advanceTo(ISSUED_AT);

    List<ProtocolTransaction> txs = chain.protocolTransactions(ISSUED_AT);
    // V4 (0x01a3…, bond 2.5M) then V5 (0xf1c1…, bond 3.0M), drawn with beacon 0xbeac…01 at block 5.
    List<Address> drawn = List.of(VERIFIERS.get(3).address(), VERIFIERS.get(4).address());
    assertEquals(Address.fromHex("0x01a349de3814324847201188a2c674b96964c00f"), drawn.get(0));
    ProtocolTransaction issue = txs.stream().filter(t -> t.target().equals(VerifierModule.ADDRESS)).findFirst().orElseThrow();
    assertEquals(ProtocolTransaction.CHALLENGE, issue.type());
    assertEquals(VerifierModule.issueChallengeCall(JOB, drawn), issue.data());
    List<Log> issued = verifierLogs(protocolLogs(chain, ISSUED_AT), VerifierModule.CHALLENGE_ISSUED.topic());
    assertEquals(1, issued.size());
    assertEquals(List.of(VerifierModule.CHALLENGE_ISSUED.topic(), Bytes32.leftPad(Bytes.of(1)), Bytes32.leftPad(Bytes.of(1))),
        issued.get(0).topics());
    List<Type> issuedData = FunctionReturnDecoder.decode(issued.get(0).data().toUnprefixedHexString(),
        List.of((TypeReference) new TypeReference<org.web3j.abi.datatypes.DynamicArray<org.web3j.abi.datatypes.Address>>() {}));
    assertEquals(drawn.stream().map(Address::toHexString).toList(),
        ((List<?>) issuedData.get(0).getValue()).stream().map(a -> ((org.web3j.abi.datatypes.Address) a).getValue()).toList());

    assertEquals(JobStatus.CHALLENGED, job(chain).status(), "the challenge holds the job from settlement");
    Challenge c = challenge(chain);
    assertEquals(new Challenge(CHALLENGE, JOB, PROVIDER.address(), ChallengeOutcome.OPEN, 1, 5, 5, 9, 10, Bytes32.ZERO, 0, 0, false,
        List.of(Verdict.drawn(drawn.get(0), 1), Verdict.drawn(drawn.get(1), 1))), c);

    List<Type> view = chain.view(VerifierModule.ADDRESS, Calls.getChallenge(1));
    assertEquals(BigInteger.ONE, view.get(0).getValue());
    assertEquals(1, ((BigInteger) view.get(3).getValue()).intValue(), "phase: commit");
    assertEquals(BigInteger.valueOf(13), view.get(9).getValue(), "reveal deadline 10 + 4 - 1");
    assertEquals(drawn.stream().map(a -> a.toHexString()).toList(),
        ((List<?>) view.get(13).getValue()).stream().map(a -> ((org.web3j.abi.datatypes.Address) a).getValue()).toList());
    for (KeyPair who : List.of(PROVIDER, VERIFIERS.get(3), VERIFIERS.get(4))) {
      List<Type> open = chain.view(VerifierModule.ADDRESS, Calls.openChallengesOf(who.address()));
      assertEquals(List.of(new Uint256(1)), open.get(0).getValue(), who.address().toString());
    }
    assertEquals(List.of(), chain.view(VerifierModule.ADDRESS, Calls.openChallengesOf(VERIFIERS.get(0).address())).get(0).getValue());
    assertEquals(BigInteger.ONE, chain.view(VerifierModule.ADDRESS, Calls.challengeCount()).get(0).getValue());
  }

  // ---- outcomes

  @Test
  void honestProviderChallengedAllVerifiersAgreeAndTheJobSettles() throws InvalidBlockException {
    VerifierChain chain = challenged(TRACE_ROOT);
    Map<Address, UInt256> before = balances(chain);
    playRound(chain, Map.of(), true, TRACE_ROOT, TRACE_ROOT);

    Challenge c = challenge(chain);
    assertEquals(ChallengeOutcome.PROVIDER_HONEST, c.outcome());
    assertEquals(1, c.round());
    assertEquals(8, c.resolvedAt(), "commits at 6, reveals at 7, resolved at the start of 8");
    List<Address> verifiers = roundVerifiers(chain);
    assertEquals(verifiers, verifierLogs(chain.blockLogs(6), VerifierModule.VERDICT_COMMITTED.topic()).stream()
        .map(l -> topicAddress(l.topics().get(2))).toList());
    List<Log> traceRevealed = verifierLogs(chain.blockLogs(7), VerifierModule.TRACE_REVEALED.topic());
    assertEquals(1, traceRevealed.size());
    assertEquals(TRACE_ROOT, Bytes32.wrap(traceRevealed.get(0).data()));
    assertEquals(List.of(verifiers.get(0) + " true", verifiers.get(1) + " true"), verdictEvents(chain.blockLogs(7)));
    List<Log> logs = protocolLogs(chain, 8);
    assertTrue(resolvedHonest(logs));
    assertEquals(List.of(), slashes(logs));
    assertEquals(JobStatus.COMMITTED, job(chain).status(), "released: settles like any other job");
    assertEquals(before, balances(chain), "nobody slashed, nothing paid or burned");
    for (KeyPair who : everyone()) {
      assertEquals(List.of(), openOf(chain, who.address()));
    }

    // Epoch 0 (blocks 0..9) had 10 units of verification work, 5 per verifier: block 10 pays 100,000 wei to each.
    chain.advanceTo(10);
    for (Address v : roundVerifiers(chain)) {
      assertEquals(UInt256.valueOf(100_000), claimable(chain, payout(keyOf(v))), "verification reward of " + v);
    }
    assertEquals(UInt256.ZERO, claimable(chain, payout(PROVIDER)));
    // The challenge window of the commit at block 3 closes at 23: the market settles the fee of 5 wei.
    chain.advanceTo(23);
    assertEquals(JobStatus.SETTLED, job(chain).status());
    assertEquals(UInt256.valueOf(5), chain.balance(payout(PROVIDER)));
    assertEquals(chain.headHash(), chain.replayOnAFollower());
  }

  @Test
  void cheatingProviderIsOutvotedAfterEscalationSlashedAndTheClientRefunded() throws InvalidBlockException {
    Bytes32 claimed = TRACE_ROOT; // P seals and reveals the root of the trace it made for its wrong output
    VerifierChain chain = challenged(claimed);
    UInt256 clientBefore = chain.balance(CLIENT.address());
    UInt256 marketBefore = chain.balance(ComputeMarketModule.ADDRESS);
    List<Address> firstRound = roundVerifiers(chain);
    playRound(chain, Map.of(), true, claimed, MISMATCH);

    Challenge c = challenge(chain);
    assertEquals(2, c.round(), "the verifiers disagree with the trace: escalation");
    long escalatedAt = c.roundStartedAt();
    List<Address> secondRound = roundVerifiers(chain);
    assertEquals(3, secondRound.size());
    assertTrue(secondRound.stream().noneMatch(firstRound::contains), "three fresh verifiers were available");
    assertFalse(secondRound.contains(PROVIDER.address()));
    assertEquals(List.of(firstRound.get(0) + " false", firstRound.get(1) + " false"), verdictEvents(chain.blockLogs(7)));
    playRound(chain, Map.of(), true, claimed, MISMATCH);

    c = challenge(chain);
    assertEquals(ChallengeOutcome.PROVIDER_CHEATED, c.outcome());
    List<Log> logs = protocolLogs(chain, c.resolvedAt());
    assertFalse(resolvedHonest(logs));
    // P's bond 2,000,070 loses 10% = 200,007; half of it, 100,003, is shared by the 5 verifiers: 20,000 each; 100,007 burned.
    assertEquals(List.of(PROVIDER.address() + " 200007 wrong result for job 1 (challenge 1)"), slashes(logs));
    List<Address> honest = new ArrayList<>(firstRound);
    honest.addAll(secondRound);
    for (Address v : honest) {
      assertEquals(UInt256.valueOf(20_000), chain.balance(payout(keyOf(v))), "share of " + v);
    }
    assertEquals(UInt256.valueOf(2_000_070 - 200_007), bondOf(chain, PROVIDER.address()));
    assertEquals(JobStatus.REJECTED, job(chain).status());
    assertEquals(clientBefore.add(UInt256.valueOf(5)), chain.balance(CLIENT.address()), "the fee of 5 tokens at 1 wei goes back");
    assertEquals(marketBefore.subtract(UInt256.valueOf(200_007 + 5)), chain.balance(ComputeMarketModule.ADDRESS),
        "the market gives up the slash (100,000 paid + 100,007 burned) and the refund");
    UInt256 paid = honest.stream().map(v -> chain.balance(payout(keyOf(v)))).reduce(UInt256.ZERO, UInt256::add);
    assertEquals(UInt256.valueOf(100_007), UInt256.valueOf(200_007).subtract(paid), "burned: in no account any more");
    assertEquals(UInt256.ZERO, chain.balance(VerifierModule.ADDRESS), "the verifier module holds no wei");
    assertEquals(UInt256.ZERO, chain.balance(payout(PROVIDER)));
    assertTrue(escalatedAt > ISSUED_AT);
    // The five verifiers on the honest side earned 5 units each in epoch 1: 200,000 / 5 at block 20.
    assertEquals(1, c.resolvedAt() / 10);
    chain.advanceTo(20);
    for (Address v : honest) {
      assertEquals(UInt256.valueOf(40_000), claimable(chain, payout(keyOf(v))), "verification reward of " + v);
    }
    chain.advanceTo(24);
    assertEquals(JobStatus.REJECTED, job(chain).status(), "a rejected job never settles");
    assertEquals(UInt256.ZERO, chain.balance(payout(PROVIDER)));
    assertEquals(chain.headHash(), chain.replayOnAFollower());
  }

  @Test
  void lazyVerifierThatCommitsGarbageLosesTheEscalationAndIsSlashed() {
    VerifierChain chain = challenged(TRACE_ROOT);
    List<Address> firstRound = roundVerifiers(chain);
    Address lazy = firstRound.get(0);
    playRound(chain, Map.of(lazy, Behaviour.LAZY), true, TRACE_ROOT, TRACE_ROOT);
    assertEquals(2, challenge(chain).round());
    List<Address> secondRound = roundVerifiers(chain);
    playRound(chain, Map.of(), true, TRACE_ROOT, TRACE_ROOT);

    Challenge c = challenge(chain);
    assertEquals(ChallengeOutcome.PROVIDER_HONEST, c.outcome());
    List<Log> logs = protocolLogs(chain, c.resolvedAt());
    long slash = bond(lazy) / 10;
    assertEquals(List.of(lazy + " " + slash + " wrong verdict in challenge 1"), slashes(logs));
    // Honest side: P, the other first-round verifier and the three of round 2.
    long each = slash / 2 / 5;
    assertEquals(UInt256.valueOf(each), chain.balance(payout(PROVIDER)));
    assertEquals(UInt256.valueOf(each), chain.balance(payout(keyOf(firstRound.get(1)))));
    for (Address v : secondRound) {
      assertEquals(UInt256.valueOf(each), chain.balance(payout(keyOf(v))));
    }
    assertEquals(UInt256.ZERO, chain.balance(payout(keyOf(lazy))));
    assertEquals(UInt256.valueOf(bond(lazy) - slash), bondOf(chain, lazy));
    assertEquals(JobStatus.COMMITTED, job(chain).status());
  }

  @Test
  void providerThatNeverRevealsItsTraceLosesWithoutEscalation() {
    VerifierChain chain = challenged(TRACE_ROOT);
    UInt256 clientBefore = chain.balance(CLIENT.address());
    List<Address> verifiers = roundVerifiers(chain);
    playRound(chain, Map.of(), false, TRACE_ROOT, TRACE_ROOT);

    Challenge c = challenge(chain);
    assertEquals(ChallengeOutcome.PROVIDER_CHEATED, c.outcome());
    assertEquals(1, c.round());
    assertEquals(11, c.resolvedAt(), "commits at 6, reveal window 7..10, resolved at 11");
    List<Log> logs = protocolLogs(chain, 11);
    assertEquals(List.of(PROVIDER.address() + " 200007 no trace revealed for job 1 (challenge 1)"), slashes(logs));
    assertEquals(List.of(verifiers.get(0) + " false", verifiers.get(1) + " false"), verdictEvents(logs),
        "the verdicts' outcome is known only at the resolution: there was no trace to agree with");
    for (Address v : verifiers) {
      assertEquals(UInt256.valueOf(100_003 / 2), chain.balance(payout(keyOf(v))));
    }
    assertEquals(JobStatus.REJECTED, job(chain).status());
    assertEquals(clientBefore.add(UInt256.valueOf(5)), chain.balance(CLIENT.address()));
  }

  @Test
  void verifierThatCommitsButNeverRevealsLoses() {
    VerifierChain chain = challenged(TRACE_ROOT);
    List<Address> firstRound = roundVerifiers(chain);
    Address silent = firstRound.get(1);
    playRound(chain, Map.of(silent, Behaviour.SILENT), true, TRACE_ROOT, TRACE_ROOT);
    Challenge escalated = challenge(chain);
    assertEquals(2, escalated.round(), "a missing verdict escalates");
    assertEquals(11, escalated.roundStartedAt(), "after the reveal window 7..10");
    playRound(chain, Map.of(), true, TRACE_ROOT, TRACE_ROOT);

    Challenge c = challenge(chain);
    assertEquals(ChallengeOutcome.PROVIDER_HONEST, c.outcome());
    assertEquals(List.of(silent + " " + bond(silent) / 10 + " no verdict revealed in challenge 1"), slashes(protocolLogs(chain, c.resolvedAt())));
    assertEquals(JobStatus.COMMITTED, job(chain).status());
  }

  @Test
  void verifierThatNeverCommitsLosesAndTheRevealWindowOpensAfterTheCommitWindow() {
    VerifierChain chain = challenged(TRACE_ROOT);
    Address absent = roundVerifiers(chain).get(0);
    playRound(chain, Map.of(absent, Behaviour.ABSENT), true, TRACE_ROOT, TRACE_ROOT);
    Challenge c = challenge(chain);
    assertEquals(2, c.round());
    assertEquals(14, c.roundStartedAt(), "commit window 5..9, reveal window 10..13 with a missing verifier, escalated at 14");
    playRound(chain, Map.of(), true, TRACE_ROOT, TRACE_ROOT);
    c = challenge(chain);
    assertEquals(ChallengeOutcome.PROVIDER_HONEST, c.outcome());
    assertEquals(List.of(absent + " " + bond(absent) / 10 + " no verdict revealed in challenge 1"), slashes(protocolLogs(chain, c.resolvedAt())));
  }

  @Test
  void withNobodyLeftToDrawForAnEscalationTheFirstRoundsMajorityDecides() {
    VerifierChain chain = committed(TRACE_ROOT, MARKET, PARAMS, 2);
    chain.advanceTo(ISSUED_AT);
    List<Address> verifiers = roundVerifiers(chain);
    assertEquals(List.of(VERIFIERS.get(0).address(), VERIFIERS.get(1).address()).stream().sorted().toList(), verifiers.stream().sorted().toList());
    List<Call> commits = new ArrayList<>();
    List<Call> revealsThenLeave = new ArrayList<>();
    for (Address v : verifiers) {
      commits.add(new Call(keyOf(v), VerifierModule.ADDRESS, UInt256.ZERO, commitVerdict(1, VerdictSeal.sealVerdict(MISMATCH, salt(v), v))));
      revealsThenLeave.add(new Call(keyOf(v), VerifierModule.ADDRESS, UInt256.ZERO, revealVerdict(1, MISMATCH, salt(v))));
    }
    revealsThenLeave.add(new Call(PROVIDER, VerifierModule.ADDRESS, UInt256.ZERO, revealTrace(1, TRACE_ROOT, TRACE_SALT)));
    for (Address v : verifiers) {
      revealsThenLeave.add(new Call(keyOf(v), ComputeMarketModule.ADDRESS, UInt256.ZERO, Calls.deregisterProvider()));
    }
    chain.sendAll(commits).forEach(VerifierModuleTest::ok);
    chain.sendAll(revealsThenLeave).forEach(VerifierModuleTest::ok);

    chain.advanceTo(8);
    Challenge c = challenge(chain);
    assertEquals(ChallengeOutcome.PROVIDER_CHEATED, c.outcome(), "two disagreeing verdicts against none, and no verifier for a second round");
    assertEquals(1, c.round());
    List<Log> logs = protocolLogs(chain, 8);
    assertEquals(List.of(), verifierLogs(logs, VerifierModule.CHALLENGE_ESCALATED.topic()));
    assertEquals(List.of(PROVIDER.address() + " 200007 wrong result for job 1 (challenge 1)"), slashes(logs));
    // 100,003 shared by two: 50,001 each, 100,005 burned.
    for (Address v : verifiers) {
      assertEquals(UInt256.valueOf(50_001), chain.balance(payout(keyOf(v))));
    }
  }

  @Test
  void aFirstRoundVerifierDrawnAgainForTheEscalationIsJudgedOnce() {
    VerifierChain chain = committed(TRACE_ROOT, MARKET, PARAMS, 3);
    chain.advanceTo(ISSUED_AT);
    List<Address> firstRound = roundVerifiers(chain);
    Address lazy = firstRound.get(0);
    playRound(chain, Map.of(lazy, Behaviour.LAZY), true, TRACE_ROOT, TRACE_ROOT);
    List<Address> secondRound = roundVerifiers(chain);
    Address fresh = VERIFIERS.stream().limit(3).map(KeyPair::address).filter(a -> !firstRound.contains(a)).findFirst().orElseThrow();
    assertEquals(fresh, secondRound.get(0), "the only fresh candidate first, then the first round's verifiers");
    assertEquals(firstRound.stream().sorted().toList(), secondRound.subList(1, 3).stream().sorted().toList());
    playRound(chain, Map.of(), true, TRACE_ROOT, TRACE_ROOT); // this time the lazy one replays honestly

    Challenge c = challenge(chain);
    assertEquals(ChallengeOutcome.PROVIDER_HONEST, c.outcome());
    long slash = bond(lazy) / 10;
    assertEquals(List.of(lazy + " " + slash + " wrong verdict in challenge 1"), slashes(protocolLogs(chain, c.resolvedAt())),
        "slashed once for its first-round verdict, and not rewarded for the second");
    long each = slash / 2 / 3; // P, the other first-round verifier and the fresh one
    for (Address who : List.of(PROVIDER.address(), firstRound.get(1), fresh)) {
      assertEquals(UInt256.valueOf(each), chain.balance(payout(keyOf(who))), "share of " + who);
    }
    assertEquals(UInt256.ZERO, chain.balance(payout(keyOf(lazy))));
  }

  // ---- bad input

  @Test
  void badInputRevertsWithAClearReasonAndLeavesTheStateUntouched() {
    VerifierChain chain = challenged(TRACE_ROOT, WIDE_MARKET, WIDE);
    List<Address> drawn = roundVerifiers(chain);
    KeyPair a = keyOf(drawn.get(0));
    KeyPair b = keyOf(drawn.get(1));
    KeyPair outsider = VERIFIERS.stream().filter(k -> !drawn.contains(k.address())).findFirst().orElseThrow();
    Bytes32 sealA = VerdictSeal.sealVerdict(TRACE_ROOT, salt(a.address()), a.address());

    reverts(chain, outsider, commitVerdict(1, sealA), outsider.address() + " is not a verifier of challenge 1 (round 1)");
    reverts(chain, CLIENT, commitVerdict(1, sealA), CLIENT.address() + " is not a verifier of challenge 1 (round 1)");
    reverts(chain, a, commitVerdict(9, sealA), "no challenge 9 (challenges are 1..1)");
    reverts(chain, a, revealVerdict(9, TRACE_ROOT, salt(a.address())), "no challenge 9 (challenges are 1..1)");
    reverts(chain, a, commitVerdict(1, Bytes32.ZERO), "sealed verdict must not be zero");
    reverts(chain, a, revealVerdict(1, TRACE_ROOT, salt(a.address())),
        "verifier " + a.address() + " committed no verdict for challenge 1 and has nothing to reveal");
    reverts(chain, CLIENT, Calls.issueChallenge(1, List.of(a.address())),
        "issueChallenge(uint256,address[]) is run by the protocol only (protocol transactions), not by " + CLIENT.address());
    reverts(chain, CLIENT, Calls.resolveChallenge(1),
        "resolveChallenge(uint256) is run by the protocol only (protocol transactions), not by " + CLIENT.address());
    reverts(chain, PROVIDER, revealTrace(1, TRACE_ROOT, TRACE_SALT), "reveal window of challenge 1 opens at block 26; this is block "
        + (chain.height() + 1));

    ok(chain.send(a, VerifierModule.ADDRESS, UInt256.ZERO, commitVerdict(1, sealA)));
    long committedAt = chain.height();
    reverts(chain, a, commitVerdict(1, sealA),
        "verifier " + a.address() + " already committed a verdict for challenge 1 at block " + committedAt);
    reverts(chain, a, revealVerdict(1, TRACE_ROOT, salt(a.address())),
        "reveal window of challenge 1 opens at block 26; this is block " + (chain.height() + 1));
    Bytes32 sealB = VerdictSeal.sealVerdict(TRACE_ROOT, salt(b.address()), b.address());
    ok(chain.send(b, VerifierModule.ADDRESS, UInt256.ZERO, commitVerdict(1, sealB)));
    assertEquals(chain.height() + 1, challenge(chain).revealOpensAt(), "everyone committed: the reveal window opens with the next block");

    reverts(chain, a, revealVerdict(1, TRACE_ROOT, salt(b.address())), "reveal does not match the sealed verdict");
    reverts(chain, b, revealVerdict(1, GARBAGE, salt(b.address())), "reveal does not match the sealed verdict");
    reverts(chain, a, revealTrace(1, TRACE_ROOT, TRACE_SALT), "only the provider " + PROVIDER.address() + " of job 1 reveals its trace for challenge 1, not "
        + a.address());
    reverts(chain, PROVIDER, revealTrace(1, TRACE_ROOT, salt(a.address())), "trace does not match the sealed trace of job 1");
    ok(chain.send(a, VerifierModule.ADDRESS, UInt256.ZERO, revealVerdict(1, TRACE_ROOT, salt(a.address()))));
    reverts(chain, a, revealVerdict(1, TRACE_ROOT, salt(a.address())),
        "verifier " + a.address() + " already revealed its verdict for challenge 1 at block " + chain.height());
  }

  @Test
  void lateCommitAndLateRevealRevert() {
    VerifierChain chain = challenged(TRACE_ROOT);
    List<Address> drawn = roundVerifiers(chain);
    KeyPair a = keyOf(drawn.get(0));
    ok(chain.send(a, VerifierModule.ADDRESS, UInt256.ZERO, commitVerdict(1, VerdictSeal.sealVerdict(TRACE_ROOT, salt(a.address()), a.address()))));
    chain.advanceTo(9);
    KeyPair b = keyOf(drawn.get(1));
    reverts(chain, b, commitVerdict(1, VerdictSeal.sealVerdict(TRACE_ROOT, salt(b.address()), b.address())),
        "commit window of challenge 1 closed at block 9; this is block 10");
    chain.advanceTo(13);
    // The reveal window 10..13 is over: block 14 begins with the resolution (P did not reveal), so a reveal finds it closed.
    reverts(chain, a, revealVerdict(1, TRACE_ROOT, salt(a.address())), "challenge 1 was resolved at block 14");
  }

  // ---- helpers

  /** Sends a call that must revert with exactly {@code reason}, leaving the verifier's and the market's accounts as they were. */
  private static void reverts(VerifierChain chain, KeyPair from, Function call, String reason) {
    Account verifierBefore = chain.account(VerifierModule.ADDRESS);
    Account marketBefore = chain.account(ComputeMarketModule.ADDRESS);
    WorldState expected = chain.headStateCopy();
    Outcome outcome = chain.send(from, VerifierModule.ADDRESS, UInt256.ZERO, call);
    assertFalse(outcome.success(), "expected a revert: " + reason);
    assertEquals(Optional.of(reason), outcome.revertReason());
    assertEquals(List.of(), outcome.logs());
    if (chain.protocolTransactions(chain.height()).isEmpty()) {
      assertEquals(verifierBefore, chain.account(VerifierModule.ADDRESS), "a reverted call leaves the verifier's state as it was");
      assertEquals(marketBefore, chain.account(ComputeMarketModule.ADDRESS));
      expected.setNonce(from.address(), expected.nonce(from.address()) + 1);
      expected.subtractBalance(from.address(), outcome.gasCost());
      expected.addBalance(VerifierChain.PROPOSER, outcome.tip());
      assertEquals(expected.rootHash(), chain.headStateCopy().rootHash(), "only the sender's nonce and gas and the tip changed");
    }
  }

  private static Map<Address, UInt256> balances(VerifierChain chain) {
    Map<Address, UInt256> out = new HashMap<>();
    for (KeyPair k : everyone()) {
      out.put(payout(k), chain.balance(payout(k)));
    }
    out.put(ComputeMarketModule.ADDRESS, chain.balance(ComputeMarketModule.ADDRESS));
    return out;
  }

  private static List<?> openOf(VerifierChain chain, Address who) {
    try {
      return (List<?>) chain.view(VerifierModule.ADDRESS, Calls.openChallengesOf(who)).get(0).getValue();
    } catch (ModuleRevertException e) {
      throw new AssertionError(e);
    }
  }

  private static UInt256 claimable(VerifierChain chain, Address who) {
    return new io.veritas.market.rewards.RewardsState(new ModuleStorage(chain.headStateCopy(), RewardsLedger.REWARDS)).claimable(who);
  }

  private static UInt256 bondOf(VerifierChain chain, Address provider) {
    return new MarketState(new ModuleStorage(chain.headStateCopy(), ComputeMarketModule.ADDRESS)).provider(provider).orElseThrow().bond();
  }
}
