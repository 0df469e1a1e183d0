package io.veritas.market.module;

import static io.veritas.market.module.ComputeMarketModuleTest.CLIENT;
import static io.veritas.market.module.ComputeMarketModuleTest.MODEL;
import static io.veritas.market.module.ComputeMarketModuleTest.P1;
import static io.veritas.market.module.ComputeMarketModuleTest.PAYOUT1;
import static io.veritas.market.module.ComputeMarketModuleTest.PROMPT;
import static io.veritas.market.module.ComputeMarketModuleTest.SEAL;
import static io.veritas.market.module.ComputeMarketModuleTest.protocolCall;
import static io.veritas.market.module.MarketCalls.commitResult;
import static io.veritas.market.module.MarketCalls.registerProvider;
import static io.veritas.market.module.MarketCalls.submitJob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.receipt.Receipt;
import io.veritas.market.module.MarketChain.Outcome;
import io.veritas.market.rules.JobStatus;
import io.veritas.market.rules.MarketParameters;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Function;

/** Settlements and expiries run by the market's PAYOUT protocol transaction, found through the due queue. */
class MarketProtocolDutiesTest {
  /** Capacity 100 so one block can assign many jobs to one provider. */
  static final MarketParameters ROOMY = new MarketParameters(UInt256.valueOf(1_000), 64, 100, 5, 3, 4, 100, UInt256.valueOf(100));

  @Test
  void aUserCannotRunTheProtocolsSettlements() {
    MarketChain chain = new MarketChain(ComputeMarketModuleTest.PARAMS, List.of(P1, CLIENT));
    ComputeMarketModuleTest.reverts(chain, CLIENT, 0, MarketCalls.processDue(List.of(), 5, 0),
        "processDue(uint256[],uint64,uint64) is run by the protocol only (protocol transactions), not by " + CLIENT.address());
  }

  @Test
  void atMost64JobsSettlePerBlockAndTheRestInTheNext() throws Exception {
    MarketChain chain = new MarketChain(ROOMY, List.of(P1, CLIENT));
    ComputeMarketModuleTest.ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    int jobs = 65;
    List<Outcome> submitted = chain.sendAllTo(ComputeMarketModule.ADDRESS, Collections.nCopies(jobs, CLIENT),
        Collections.nCopies(jobs, UInt256.valueOf(50)),
        LongStream.rangeClosed(1, jobs).mapToObj(seed -> (Function) submitJob(MODEL, PROMPT, 10, seed)).toList());
    submitted.forEach(ComputeMarketModuleTest::ok);
    assertEquals(2, chain.height());
    List<Outcome> committed = chain.sendAllTo(ComputeMarketModule.ADDRESS, Collections.nCopies(jobs, P1),
        Collections.nCopies(jobs, UInt256.ZERO),
        LongStream.rangeClosed(1, jobs).mapToObj(id -> (Function) commitResult(id, List.of(1L, 2L), SEAL)).toList());
    committed.forEach(ComputeMarketModuleTest::ok);
    assertEquals(3, chain.height());

    chain.advanceTo(6); // the 65 windows close at block 6
    List<Long> first64 = LongStream.rangeClosed(1, 64).boxed().toList();
    assertEquals(List.of(protocolCall(6, first64, 6, 64)), chain.transactions(6), "cursor stops after the 64th entry of height 6");
    Receipt six = chain.receipts(6).get(0);
    assertTrue(six.success());
    assertEquals(64, six.logs().size(), "64 JobSettled");
    assertEquals(UInt256.valueOf(64 * 10), chain.balance(PAYOUT1));
    assertEquals(JobStatus.COMMITTED.code(), status(chain, 65));

    chain.advanceTo(7);
    assertEquals(List.of(protocolCall(7, List.of(65L), 8, 0)), chain.transactions(7));
    assertEquals(JobStatus.SETTLED.code(), status(chain, 65));
    assertEquals(UInt256.valueOf(65 * 10), chain.balance(PAYOUT1));
    assertEquals(UInt256.valueOf(1_000), chain.balance(ComputeMarketModule.ADDRESS), "only the bond remains");

    chain.advanceTo(9);
    assertEquals(List.of(), chain.transactions(8), "the 65 deadline entries at height 8 are stale: the jobs were committed");
    assertEquals(List.of(), chain.transactions(9));
    assertEquals(chain.headHash(), chain.replayOnAFollower(List.of(P1, CLIENT)), "a follower computes and checks the same protocol calls");
  }

  @Test
  void onAnIdleChainTheCursorMovesOnceTheScanUsesItsWholeBudget() throws Exception {
    MarketChain chain = new MarketChain(ComputeMarketModuleTest.PARAMS, List.of(P1, CLIENT));
    chain.advanceTo(256);
    for (long n = 1; n <= 254; n++) {
      assertEquals(List.of(), chain.transactions(n), "block " + n);
    }
    // Block 255 looks at heights 0..255, one step each: 256 steps, the whole budget, so it moves the cursor past them.
    assertEquals(List.of(protocolCall(255, List.of(), 256, 0)), chain.transactions(255));
    assertEquals(List.of(), chain.transactions(256));
    MarketState state = new MarketState(new ModuleStorage(chain.headStateCopy(), ComputeMarketModule.ADDRESS));
    assertEquals(new DueCursor(256, 0), state.dueCursor());
  }

  @Test
  void theDueQueueHoldsEachJobAtItsDeadlineAndAtTheEndOfItsWindow() {
    MarketChain chain = new MarketChain(ComputeMarketModuleTest.PARAMS, List.of(P1, CLIENT));
    ComputeMarketModuleTest.ok(chain.send(P1, UInt256.valueOf(1_000), registerProvider(List.of(MODEL), 5, PAYOUT1, "/ip4/10.0.0.1/tcp/9000")));
    ComputeMarketModuleTest.ok(chain.send(CLIENT, UInt256.valueOf(50), submitJob(MODEL, PROMPT, 10, 1))); // block 2
    ComputeMarketModuleTest.ok(chain.send(P1, UInt256.ZERO, commitResult(1, List.of(1L), SEAL))); // block 3
    MarketState state = new MarketState(new ModuleStorage(chain.headStateCopy(), ComputeMarketModule.ADDRESS));
    assertEquals(1, state.dueCount(8), "deadline: assigned at 2 + timeout 5 + 1");
    assertEquals(BigInteger.ONE, state.dueAt(8, 0));
    assertEquals(1, state.dueCount(6), "window: committed at 3 + 3");
    assertEquals(BigInteger.ONE, state.dueAt(6, 0));
    // Solidity layout: the uint256[] of height 6 has its length at keccak256(uint256(6) ‖ DUE), its elements from keccak256 of that.
    var array = ModuleStorage.mappingSlot(ModuleStorage.namedSlot("veritas.market.due"), UInt256.valueOf(6));
    assertEquals(UInt256.ONE, chain.storageAt(array));
    assertEquals(UInt256.ONE, chain.storageAt(io.veritas.chain.crypto.Keccak256.hash(array)));
    assertEquals(0, state.dueCount(7));
  }

  private static long status(MarketChain chain, long id) throws Exception {
    return ((BigInteger) chain.view(MarketCalls.getJob(id)).get(0).getValue()).longValueExact();
  }
}
