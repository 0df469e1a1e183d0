package io.veritas.market.module;

import static io.veritas.market.module.ComputeMarketModuleTest.MODEL;
import static io.veritas.market.module.ComputeMarketModuleTest.P1;
import static io.veritas.market.module.ComputeMarketModuleTest.P2;
import static io.veritas.market.module.ComputeMarketModuleTest.PARAMS;
import static io.veritas.market.module.ComputeMarketModuleTest.PROMPT;
import static io.veritas.market.module.ComputeMarketModuleTest.SEAL;
import static io.veritas.market.module.ComputeMarketModuleTest.ok;
import static io.veritas.market.module.MarketCalls.commitResult;
import static io.veritas.market.module.MarketCalls.registerProvider;
import static io.veritas.market.module.MarketCalls.submitJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import io.veritas.market.module.MarketChain.Outcome;
import io.veritas.market.rewards.ModelCostFactors;
import io.veritas.market.rewards.RewardsModule;
import io.veritas.market.rewards.RewardsParameters;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

/** Epoch rewards end to end: settled jobs and verifier work credited, paid by the protocol at the epoch boundary, claimed. */
@SuppressWarnings("rawtypes")
class MarketRewardsTest {
  /** Epochs of 10 blocks, 1,000,000 wei each, 20% to verifiers; MODEL's tokens count 3 units each. */
  static final RewardsParameters REWARDS =
      new RewardsParameters(10, UInt256.valueOf(1_000_000), 2_000, new ModelCostFactors(Map.of(MODEL, 3L)));
  static final KeyPair PAYEE1 = MarketChain.key(5);
  static final KeyPair PAYEE2 = MarketChain.key(6);
  static final KeyPair CLIENT = ComputeMarketModuleTest.CLIENT;
  static final Address V1 = Address.fromHex("0x00000000000000000000000000000000000000f1");
  static final Address V2 = Address.fromHex("0x00000000000000000000000000000000000000f2");
  static final Address ELSEWHERE = Address.fromHex("0x00000000000000000000000000000000000e15e0");
  static final List<KeyPair> FUNDED = List.of(P1, P2, CLIENT, PAYEE1, PAYEE2);

  private static MarketChain chain() {
    return new MarketChain(new ComputeMarketModule(PARAMS, REWARDS), List.of(new RewardsModule(REWARDS), new RewardsProbeModule(REWARDS)),
        FUNDED);
  }

  private static Function creditVerifier(Address verifier, long units) {
    return new Function("creditVerifier", List.of(new org.web3j.abi.datatypes.Address(verifier.toHexString()), new Uint256(units)), List.of());
  }

  private static Function addressView(String name, Address who) {
    return new Function(name, List.of(new org.web3j.abi.datatypes.Address(who.toHexString())), List.of(new TypeReference<Uint256>() {}));
  }

  private static long rewardsView(MarketChain chain, Function f) throws Exception {
    return ((BigInteger) chain.viewOn(RewardsModule.ADDRESS, f).get(0).getValue()).longValueExact();
  }

  private static long claimable(MarketChain chain, Address who) throws Exception {
    return rewardsView(chain, addressView("claimable", who));
  }

  private static Log rewardPaid(Address to, long amount, long epoch) {
    return new Log(RewardsModule.ADDRESS, List.of(RewardsModule.REWARD_PAID.topic(), Bytes32.leftPad(to.bytes())),
        Bytes.concatenate(UInt256.valueOf(amount), UInt256.valueOf(epoch)));
  }

  private static ProtocolTransaction payEpoch(long block, int index, long epoch) {
    return new ProtocolTransaction(ProtocolTransaction.PAYOUT, MarketChain.CHAIN_ID, block, index, RewardsModule.ADDRESS,
        RewardsModule.payEpochCall(epoch));
  }

  /**
   * Epoch 0: P2 settles job 1 (3 tokens, 9 units) at block 8 for PAYEE2, P1 settles job 2 (4 tokens, 12 units) at block 9
   * for PAYEE1; verifier work V1 5 units (block 7), V2 3 units (block 8 — after the settlement of that block).
   */
  private static MarketChain epochZeroWithWork() {
    MarketChain chain = chain();
    ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYEE1.address(), "/ip4/10.0.0.1/tcp/9000")));
    ok(chain.send(P2, UInt256.valueOf(3_000), registerProvider(List.of(MODEL), 6, PAYEE2.address(), "/ip4/10.0.0.2/tcp/9000")));
    ok(chain.send(CLIENT, UInt256.valueOf(60), submitJob(MODEL, PROMPT, 10, 1))); // block 3: job 1 drawn to P2
    ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, PROMPT, 10, 2))); // block 4: 50 wei fits only P1's price
    ok(chain.send(P2, UInt256.ZERO, commitResult(1, List.of(1L, 2L, 3L), SEAL))); // block 5: settles at 8
    ok(chain.send(P1, UInt256.ZERO, commitResult(2, List.of(1L, 2L, 3L, 4L), SEAL))); // block 6: settles at 9
    ok(chain.sendTo(RewardsProbeModule.ADDRESS, CLIENT, UInt256.ZERO, creditVerifier(V1, 5))); // block 7
    ok(chain.sendTo(RewardsProbeModule.ADDRESS, CLIENT, UInt256.ZERO, creditVerifier(V2, 3))); // block 8
    chain.advanceTo(9);
    return chain;
  }

  @Test
  void settledJobsAndVerifierWorkArePaidProRataAtTheEpochBoundary() throws Exception {
    MarketChain chain = epochZeroWithWork();
    assertEquals(UInt256.valueOf(18), chain.balance(PAYEE2.address()).subtract(MarketChain.FUNDING), "the fee of job 1");
    Function work = new Function("workOf", List.of(new org.web3j.abi.datatypes.Address(PAYEE1.address().toHexString()), new Uint64(0)),
        List.of(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    assertEquals(List.of(BigInteger.valueOf(12), BigInteger.ZERO), chain.viewOn(RewardsModule.ADDRESS, work).stream().map(Type::getValue).toList(),
        "4 tokens × cost factor 3");
    assertEquals(0, claimable(chain, PAYEE1.address()), "nothing is paid before the epoch ends");
    assertEquals(UInt256.ZERO, chain.balance(RewardsModule.ADDRESS));

    chain.advanceTo(10);
    assertEquals(List.of(payEpoch(10, 0, 0)), chain.transactions(10), "the first block of epoch 1 pays epoch 0");
    Receipt paid = chain.receipts(10).get(0);
    assertTrue(paid.success());
    // Providers' pool 800,000 over 21 units: 9 → 342,857 and 12 → 457,142 (1 wei of rounding not minted);
    // verifiers' pool 200,000 over 8 units: 5 → 125,000, 3 → 75,000. Order: first credited first, providers then verifiers.
    assertEquals(List.of(rewardPaid(PAYEE2.address(), 342_857, 0), rewardPaid(PAYEE1.address(), 457_142, 0), rewardPaid(V1, 125_000, 0),
        rewardPaid(V2, 75_000, 0)), paid.logs());
    assertEquals(UInt256.valueOf(999_999), chain.balance(RewardsModule.ADDRESS), "minted: exactly the shares");
    assertEquals(457_142, claimable(chain, PAYEE1.address()));
    assertEquals(125_000, claimable(chain, V1));
    Function history = new Function("epochRewards", List.of(new org.web3j.abi.datatypes.Address(PAYEE2.address().toHexString()), new Uint64(0)),
        List.of(new TypeReference<Uint256>() {}));
    assertEquals(342_857, rewardsView(chain, history));
    Function epochWork = new Function("epochWork", List.of(new Uint64(0)), List.of(new TypeReference<Uint256>() {},
        new TypeReference<Uint256>() {}, new TypeReference<Uint32>() {}, new TypeReference<Uint32>() {}, new TypeReference<Uint32>() {},
        new TypeReference<Uint256>() {}));
    assertEquals(List.of(21L, 8L, 2L, 2L, 4L, 999_999L),
        chain.viewOn(RewardsModule.ADDRESS, epochWork).stream().map(v -> ((BigInteger) v.getValue()).longValueExact()).toList());

    chain.advanceTo(20);
    for (long n = 11; n <= 20; n++) {
      assertEquals(List.of(), chain.transactions(n), "block " + n + ": epoch 1 had no work, so nothing is minted for it");
    }
    assertEquals(UInt256.valueOf(999_999), chain.balance(RewardsModule.ADDRESS));
    Function current = new Function("currentEpoch", List.of(), List.of(new TypeReference<Uint64>() {}));
    assertEquals(2, rewardsView(chain, current), "a view runs in the next block, 21");
    assertEquals(chain.headHash(), chain.replayOnAFollower(FUNDED), "a follower computes and checks the same payout");
  }

  @Test
  void claimMovesExactlyTheClaimableBalanceAndClaimToSendsItElsewhere() throws Exception {
    MarketChain chain = epochZeroWithWork();
    chain.advanceTo(10);
    UInt256 before = chain.balance(PAYEE1.address());
    Outcome claimed = ok(chain.sendTo(RewardsModule.ADDRESS, PAYEE1, UInt256.ZERO, new Function("claim", List.of(), List.of())));
    assertEquals(before.add(UInt256.valueOf(457_142)).subtract(claimed.gasCost()), chain.balance(PAYEE1.address()));
    assertEquals(List.of(new Log(RewardsModule.ADDRESS, List.of(RewardsModule.REWARD_CLAIMED.topic(), Bytes32.leftPad(PAYEE1.address().bytes())),
        UInt256.valueOf(457_142))), claimed.logs());
    assertEquals(0, claimable(chain, PAYEE1.address()));
    assertEquals(457_142, rewardsView(chain, addressView("claimed", PAYEE1.address())));
    assertEquals(UInt256.valueOf(999_999 - 457_142), chain.balance(RewardsModule.ADDRESS));

    Outcome again = chain.sendTo(RewardsModule.ADDRESS, PAYEE1, UInt256.ZERO, new Function("claim", List.of(), List.of()));
    assertFalse(again.success());
    assertEquals(Optional.of("nothing to claim: " + PAYEE1.address() + " has no claimable reward"), again.revertReason());

    Function claimTo = new Function("claimTo", List.of(new org.web3j.abi.datatypes.Address(ELSEWHERE.toHexString())), List.of());
    Outcome sent = ok(chain.sendTo(RewardsModule.ADDRESS, PAYEE2, UInt256.ZERO, claimTo));
    assertEquals(UInt256.valueOf(342_857), chain.balance(ELSEWHERE));
    assertEquals(List.of(new Log(RewardsModule.ADDRESS, List.of(RewardsModule.REWARD_CLAIMED.topic(), Bytes32.leftPad(ELSEWHERE.bytes())),
        UInt256.valueOf(342_857))), sent.logs());
    assertEquals(342_857, rewardsView(chain, addressView("claimed", PAYEE2.address())), "claimed counts for the claimant");
    assertEquals(UInt256.valueOf(200_000), chain.balance(RewardsModule.ADDRESS), "what the verifiers have not claimed yet");
  }

  @Test
  void aUserCannotPayAnEpoch() {
    MarketChain chain = chain();
    Bytes data = Bytes.fromHexString(FunctionEncoder.encode(new Function("payEpoch", List.of(new Uint64(0)), List.of())));
    Outcome outcome = chain.sendTo(RewardsModule.ADDRESS, CLIENT, UInt256.ZERO, new Function("payEpoch", List.of(new Uint64(0)), List.of()));
    assertFalse(outcome.success());
    assertEquals(Optional.of("payEpoch(uint64) is run by the protocol only (protocol transactions), not by " + CLIENT.address()),
        outcome.revertReason());
    assertEquals(RewardsModule.payEpochCall(0), data);
  }

  @Test
  void anEpochWithManyRecipientsIsPaidOver128PerBlock() throws Exception {
    MarketChain chain = chain();
    ok(chain.sendTo(RewardsProbeModule.ADDRESS, CLIENT, UInt256.ZERO,
        new Function("creditMany", List.of(new Uint256(130)), List.of()))); // block 1
    chain.advanceTo(11);
    assertEquals(List.of(payEpoch(10, 0, 0)), chain.transactions(10));
    assertEquals(List.of(payEpoch(11, 0, 0)), chain.transactions(11), "the last 2 recipients in the next block");
    assertEquals(128, chain.receipts(10).get(0).logs().size());
    assertEquals(2, chain.receipts(11).get(0).logs().size());
    // Verifiers' pool 200,000 over 130 units: 1,538 each (200,000 − 130 × 1,538 = 60 wei not minted); no provider work, so
    // the providers' pool is not minted at all.
    assertEquals(1_538, claimable(chain, Address.fromLong(RewardsProbeModule.FIRST_MANY)));
    assertEquals(1_538, claimable(chain, Address.fromLong(RewardsProbeModule.FIRST_MANY + 129)));
    assertEquals(UInt256.valueOf(130 * 1_538), chain.balance(RewardsModule.ADDRESS));
    chain.advanceTo(12);
    assertEquals(List.of(), chain.transactions(12));
  }
}
