package io.veritas.chain.blockchain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

/** The chain continues each proposal from the state its previous block was committed from. */
class BlockchainStateReuseTest {
  private static final long CHAIN_ID = 7357;
  private static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);
  private static final UInt256 ETH = UInt256.valueOf(1_000_000_000_000_000_000L);
  private static final KeyPair ALICE =
      KeyPair.fromSecret(Bytes32.fromHexString("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
  private static final Address CAROL = Address.fromHex("0x00000000000000000000000000000000000ca201");
  private static final Address DAVE = Address.fromHex("0x00000000000000000000000000000000000da4e0");
  private static final Address PROPOSER = Address.fromHex("0xbcd4042de499d14e55001ccbb24a551f3b954096");
  private static final ChainParameters PARAMS =
      new ChainParameters(CHAIN_ID, 30_000_000, GWEI, UInt256.valueOf(100_000_000L), 1_000);
  private static final GenesisDefinition GENESIS =
      new GenesisDefinition(1_767_225_600L, Bytes32.ZERO, Bytes32.ZERO, state -> state.setBalance(ALICE.address(), ETH.multiply(100)));

  private static Blockchain open() {
    return Blockchain.open(new InMemoryKeyValueStore(), PARAMS,
        new BlockExecutor(new TransactionProcessor(CHAIN_ID, new ModuleDispatcher(ModuleRegistry.empty()))), GENESIS);
  }

  private static Transaction pay(long nonce, Address to, long wei) {
    return new DynamicFeeTransaction.Unsigned(CHAIN_ID, nonce, GWEI, GWEI.multiply(5), 21_000, Optional.of(to),
        UInt256.valueOf(wei), Bytes.EMPTY, List.of()).sign(ALICE);
  }

  private static ProposedBlock propose(Blockchain chain, List<Transaction> txs) {
    return chain.propose(txs, chain.head().timestamp() + 1, PROPOSER, Bytes32.ZERO, Bytes.EMPTY, Bytes32.ZERO,
        CommitCertificate.EMPTY, (tx, reason) -> {
          throw new AssertionError("unexpected skip: " + reason.getMessage());
        });
  }

  @Test
  void consecutiveProposalsMatchAFreshReplayOfEveryBlock() throws InvalidBlockException {
    Blockchain proposer = open();
    Blockchain follower = open();
    List<Block> blocks = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      ProposedBlock block = propose(proposer, List.of(pay(2L * n, CAROL, 1000 + n), pay(2L * n + 1, DAVE, 7)));
      proposer.commit(block);
      blocks.add(block.block());
    }
    for (Block block : blocks) {
      follower.commit(follower.validate(Block.decode(block.encoded())));
    }
    assertEquals(proposer.head(), follower.head());
    assertEquals(UInt256.valueOf(1000 + 1001 + 1002 + 1003), proposer.headState().balance(CAROL));
    assertEquals(8, proposer.headState().nonce(ALICE.address()));
  }

  @Test
  void anAbandonedProposalLeavesNoTraceInTheNextOne() {
    Blockchain chain = open();
    chain.commit(propose(chain, List.of(pay(0, CAROL, 5))));
    // Built on the reused state, then dropped (as a BFT round that did not decide it would).
    ProposedBlock abandoned = propose(chain, List.of(pay(1, CAROL, 1_000_000)));
    ProposedBlock decided = propose(chain, List.of(pay(1, DAVE, 9)));
    chain.commit(decided);
    ProposedBlock next = propose(chain, List.of(pay(2, DAVE, 1)));
    chain.commit(next);

    assertEquals(UInt256.valueOf(5), chain.headState().balance(CAROL));
    assertEquals(UInt256.valueOf(10), chain.headState().balance(DAVE));
    assertEquals(chain.headState().rootHash(), next.block().header().stateRoot());
    assertEquals(2, abandoned.block().header().number());
  }

  @Test
  void everyIncludedTransactionIsIndexedUnderItsHash() {
    Blockchain chain = open();
    List<Transaction> txs = List.of(pay(0, CAROL, 1), pay(1, DAVE, 2), pay(2, CAROL, 3));
    ProposedBlock block = propose(chain, txs);
    assertEquals(txs.stream().map(Transaction::hash).toList(), block.transactionHashes());
    chain.commit(block);
    for (int i = 0; i < txs.size(); i++) {
      assertEquals(new TransactionLocation(chain.head().hash(), 1, i), chain.transactionLocation(txs.get(i).hash()).orElseThrow());
    }
  }

  @Test
  void aProposedBlockNeedsOneHashPerTransaction() {
    Blockchain chain = open();
    ProposedBlock block = propose(chain, List.of(pay(0, CAROL, 1)));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new ProposedBlock(block.block(), block.execution(), block.postState(), List.of()));
  }

  @Test
  void aBlockThatFailsValidationLeavesNoTraceInTheNextValidation() throws InvalidBlockException {
    Blockchain proposer = open();
    Blockchain follower = open();
    ProposedBlock first = propose(proposer, List.of(pay(0, CAROL, 5)));
    proposer.commit(first);
    follower.commit(follower.validate(Block.decode(first.block().encoded())));
    ProposedBlock second = propose(proposer, List.of(pay(1, DAVE, 9)));
    Block good = second.block();
    var h = good.header();
    // Same transactions, a claimed state root that does not match: executed on the reused state, then refused.
    Block forged = new Block(new io.veritas.chain.block.BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.proposer(),
        Bytes32.fromHexString("0x01"), h.transactionsRoot(), h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(),
        h.baseFeePerGas(), h.beacon(), h.vrfProof(), h.validatorsHash(), h.lastCommitHash()), good.transactions(), good.lastCommit());
    org.junit.jupiter.api.Assertions.assertThrows(InvalidBlockException.class, () -> follower.validate(forged));
    follower.commit(follower.validate(Block.decode(good.encoded())));
    proposer.commit(second);
    assertEquals(proposer.head(), follower.head());
    assertEquals(UInt256.valueOf(9), follower.headState().balance(DAVE));
  }
}
