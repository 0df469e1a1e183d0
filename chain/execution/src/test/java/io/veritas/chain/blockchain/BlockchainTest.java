package io.veritas.chain.blockchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.module.NoteBoardModuleAccess;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.storage.KeyValueStore;
import io.veritas.chain.storage.RocksDbKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.LegacyTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;

class BlockchainTest {
  private static final long CHAIN_ID = 7357;
  private static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);
  private static final UInt256 ETH = UInt256.valueOf(1_000_000_000_000_000_000L);
  private static final KeyPair ALICE = KeyPair.fromSecret(Bytes32.fromHexString("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
  private static final KeyPair BOB = KeyPair.fromSecret(Bytes32.fromHexString("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d"));
  private static final Address CAROL = Address.fromHex("0x00000000000000000000000000000000000ca201");
  private static final Address PROPOSER = Address.fromHex("0xbcd4042de499d14e55001ccbb24a551f3b954096");
  private static final ChainParameters PARAMS = new ChainParameters(CHAIN_ID, 30_000_000, GWEI, UInt256.valueOf(100_000_000L), 1_000);
  private static final GenesisDefinition GENESIS = new GenesisDefinition(1_767_225_600L, Bytes32.ZERO, Bytes32.ZERO, state -> {
    state.setBalance(ALICE.address(), ETH.multiply(100));
    state.setBalance(BOB.address(), ETH.multiply(100));
  });

  private static Blockchain open(KeyValueStore store) {
    ModuleDispatcher modules = new ModuleDispatcher(new ModuleRegistry(List.of(NoteBoardModuleAccess.create())));
    return Blockchain.open(store, PARAMS, new BlockExecutor(new TransactionProcessor(CHAIN_ID, modules)), GENESIS);
  }

  private static DynamicFeeTransaction transfer(KeyPair from, long nonce, Address to, UInt256 value, UInt256 tip, UInt256 maxFee) {
    return new DynamicFeeTransaction.Unsigned(CHAIN_ID, nonce, tip, maxFee, 21_000, Optional.of(to), value, Bytes.EMPTY, List.of()).sign(from);
  }

  private static ProposedBlock propose(Blockchain chain, List<Transaction> txs, List<String> skipped) {
    return chain.propose(txs, chain.head().timestamp() + 1, PROPOSER, Bytes32.ZERO, Bytes.EMPTY, Bytes32.ZERO,
        CommitCertificate.EMPTY, (tx, reason) -> skipped.add(reason.getMessage()));
  }

  @Test
  void transferMovesValueBurnsBaseFeeAndPaysTipToProposer() {
    Blockchain chain = open(new InMemoryKeyValueStore());
    UInt256 baseFee = chain.nextBaseFee();
    assertEquals(UInt256.valueOf(875_000_000L), baseFee, "the empty genesis lowers the base fee by 1/8");
    UInt256 tip = UInt256.valueOf(2_000_000_000L);
    var tx = transfer(ALICE, 0, CAROL, ETH, tip, GWEI.multiply(10));
    List<String> skipped = new ArrayList<>();
    ProposedBlock block = propose(chain, List.of(tx), skipped);
    chain.commit(block);

    assertEquals(List.of(), skipped);
    assertEquals(1, chain.head().number());
    assertEquals(21_000, chain.head().gasUsed());
    var state = chain.headState();
    assertEquals(ETH, state.balance(CAROL));
    UInt256 price = baseFee.add(tip);
    assertEquals(ETH.multiply(100).subtract(ETH).subtract(price.multiply(21_000)), state.balance(ALICE.address()));
    assertEquals(tip.multiply(21_000), state.balance(PROPOSER));
    assertEquals(1, state.nonce(ALICE.address()));
    Receipt receipt = chain.receipts(chain.head().hash()).orElseThrow().get(0);
    assertTrue(receipt.success());
    assertEquals(21_000, receipt.cumulativeGasUsed());
    assertEquals(new TransactionLocation(chain.head().hash(), 1, 0), chain.transactionLocation(tx.hash()).orElseThrow());
  }

  @Test
  void anotherNodeReplayingTheBlockGetsTheSameHashesAndState() throws InvalidBlockException {
    Blockchain proposer = open(new InMemoryKeyValueStore());
    Blockchain follower = open(new InMemoryKeyValueStore());
    assertEquals(proposer.head().hash(), follower.head().hash());
    for (int n = 0; n < 3; n++) {
      List<Transaction> txs = List.of(
          transfer(ALICE, n, CAROL, UInt256.valueOf(1000 + n), GWEI, GWEI.multiply(5)),
          new LegacyTransaction.Unsigned(Optional.of(CHAIN_ID), n, GWEI.multiply(3), 21_000, Optional.of(CAROL), UInt256.valueOf(7), Bytes.EMPTY).sign(BOB));
      ProposedBlock block = propose(proposer, txs, new ArrayList<>());
      proposer.commit(block);
      Block received = Block.decode(block.block().encoded());
      follower.commit(follower.validate(received));
    }
    assertEquals(proposer.head(), follower.head());
    assertEquals(proposer.headState().rootHash(), follower.headState().rootHash());
    assertEquals(UInt256.valueOf(3 * 7 + 1000 + 1001 + 1002), follower.headState().balance(CAROL));
  }

  @Test
  void rejectsABlockWhoseStateRootDoesNotMatchItsContents() {
    Blockchain proposer = open(new InMemoryKeyValueStore());
    Blockchain follower = open(new InMemoryKeyValueStore());
    Block good = propose(proposer, List.of(transfer(ALICE, 0, CAROL, ETH, GWEI, GWEI.multiply(5))), new ArrayList<>()).block();
    BlockHeader h = good.header();
    BlockHeader forged = new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.proposer(), Bytes32.fromHexString("0x01"),
        h.transactionsRoot(), h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(), h.baseFeePerGas(), h.beacon(),
        h.vrfProof(), h.validatorsHash(), h.lastCommitHash());
    var e = assertThrows(InvalidBlockException.class, () -> follower.validate(new Block(forged, good.transactions(), good.lastCommit())));
    assertEquals("block 1 stateRoot is 0x0000000000000000000000000000000000000000000000000000000000000001 but the block's contents give "
        + h.stateRoot(), e.getMessage());
    assertEquals(0, follower.head().number(), "nothing of the rejected block is stored");
  }

  @Test
  void rejectsABlockWithATransactionThatCannotBeIncluded() {
    Blockchain proposer = open(new InMemoryKeyValueStore());
    Blockchain follower = open(new InMemoryKeyValueStore());
    var tx = transfer(ALICE, 5, CAROL, ETH, GWEI, GWEI.multiply(5));
    Block good = propose(proposer, List.of(), new ArrayList<>()).block();
    BlockHeader h = good.header();
    BlockHeader withTx = new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.proposer(), h.stateRoot(),
        io.veritas.chain.trie.OrderedListTrie.root(List.of(tx.encoded())), h.receiptsRoot(), h.logsBloom(), h.gasLimit(),
        h.gasUsed(), h.baseFeePerGas(), h.beacon(), h.vrfProof(), h.validatorsHash(), h.lastCommitHash());
    var e = assertThrows(InvalidBlockException.class, () -> follower.validate(new Block(withTx, List.of(tx), good.lastCommit())));
    assertEquals("block 1 transaction 0 (" + tx.hash() + ") is not includable: nonce too high: account " + ALICE.address()
        + " has nonce 0, transaction has 5", e.getMessage());
  }

  @Test
  void builderSkipsWhatCannotBeIncludedAndSaysWhy() {
    Blockchain chain = open(new InMemoryKeyValueStore());
    List<String> skipped = new ArrayList<>();
    var wrongChain = new DynamicFeeTransaction.Unsigned(1, 0, GWEI, GWEI.multiply(5), 21_000, Optional.of(CAROL), ETH, Bytes.EMPTY, List.of()).sign(ALICE);
    var tooPoor = transfer(BOB, 0, CAROL, ETH.multiply(1000), GWEI, GWEI.multiply(5));
    var belowBaseFee = transfer(ALICE, 0, CAROL, ETH, UInt256.ZERO, UInt256.valueOf(1));
    var dataToPlainAccount = new DynamicFeeTransaction.Unsigned(CHAIN_ID, 0, GWEI, GWEI.multiply(5), 50_000, Optional.of(CAROL), UInt256.ZERO, Bytes.of(1), List.of()).sign(ALICE);
    var creation = new DynamicFeeTransaction.Unsigned(CHAIN_ID, 0, GWEI, GWEI.multiply(5), 100_000, Optional.empty(), UInt256.ZERO, Bytes.of(1), List.of()).sign(ALICE);
    ProposedBlock block = propose(chain, List.of(wrongChain, tooPoor, belowBaseFee, dataToPlainAccount, creation), skipped);
    assertEquals(0, block.block().transactions().size());
    assertEquals(List.of(
        "invalid chain id: transaction has 1, this chain is 7357",
        "insufficient funds for gas * price + value: account " + BOB.address() + " has balance 100000000000000000000, transaction costs up to 1000000105000000000000",
        "max fee per gas 1 is below the block's base fee 875000000",
        "calldata to plain account " + CAROL + " is not accepted (there is no EVM); only native module addresses take calldata",
        "contract creation is not supported: Veritas has no EVM"), skipped);
  }

  @Test
  void moduleCallSucceedsWithLogsAndARevertUndoesItsStateButChargesGas() throws Exception {
    Blockchain chain = open(new InMemoryKeyValueStore());
    Bytes post = Bytes.fromHexString(FunctionEncoder.encode(new Function("post", List.of(new Utf8String("hi")), List.of())));
    Bytes empty = Bytes.fromHexString(FunctionEncoder.encode(new Function("post", List.of(new Utf8String("")), List.of())));
    Address board = NoteBoardModuleAccess.ADDRESS;
    var ok = new DynamicFeeTransaction.Unsigned(CHAIN_ID, 0, GWEI, GWEI.multiply(5), 100_000, Optional.of(board), UInt256.valueOf(500), post, List.of()).sign(ALICE);
    var reverting = new DynamicFeeTransaction.Unsigned(CHAIN_ID, 1, GWEI, GWEI.multiply(5), 100_000, Optional.of(board), UInt256.valueOf(500), empty, List.of()).sign(ALICE);
    var outOfGas = new DynamicFeeTransaction.Unsigned(CHAIN_ID, 2, GWEI, GWEI.multiply(5), 22_000, Optional.of(board), UInt256.ZERO, post, List.of()).sign(ALICE);
    ProposedBlock block = propose(chain, List.of(ok, reverting, outOfGas), new ArrayList<>());
    chain.commit(block);
    List<Receipt> receipts = chain.receipts(chain.head().hash()).orElseThrow();

    long intrinsicPost = 21_000 + dataGas(post);
    long okGas = intrinsicPost + 5_000 + 10L * post.size();
    assertTrue(receipts.get(0).success());
    assertEquals(okGas, receipts.get(0).cumulativeGasUsed());
    assertEquals(1, receipts.get(0).logs().size());
    assertTrue(chain.head().logsBloom().mightContain(board));

    long revertGas = 21_000 + dataGas(empty) + 5_000 + 10L * empty.size();
    assertFalse(receipts.get(1).success());
    assertEquals(okGas + revertGas, receipts.get(1).cumulativeGasUsed());
    assertEquals(List.of(), receipts.get(1).logs());
    assertEquals(Optional.of("note must not be empty"), chain.revertReason(reverting.hash()));

    assertFalse(receipts.get(2).success());
    assertEquals(okGas + revertGas + 22_000, receipts.get(2).cumulativeGasUsed(), "out of gas consumes the whole limit");
    assertEquals(Optional.of("out of gas: the call needs " + (intrinsicPost + 5_000 + 10L * post.size())
        + " gas, the transaction's limit is 22000"), chain.revertReason(outOfGas.hash()));

    var state = chain.headState();
    assertEquals(UInt256.valueOf(500), state.balance(board), "only the successful call's value stays with the module");
    assertEquals(3, state.nonce(ALICE.address()), "reverted transactions still use their nonce");
  }

  private static long dataGas(Bytes data) {
    long gas = 0;
    for (int i = 0; i < data.size(); i++) {
      gas += data.get(i) == 0 ? 4 : 16;
    }
    return gas;
  }

  @Test
  void reopeningTheStoreContinuesFromTheHead(@TempDir Path dir) {
    Bytes32 headHash;
    try (var store = RocksDbKeyValueStore.open(dir)) {
      Blockchain chain = open(store);
      chain.commit(propose(chain, List.of(transfer(ALICE, 0, CAROL, ETH, GWEI, GWEI.multiply(5))), new ArrayList<>()));
      chain.commit(propose(chain, List.of(), new ArrayList<>()));
      headHash = chain.head().hash();
    }
    try (var store = RocksDbKeyValueStore.open(dir)) {
      Blockchain chain = open(store);
      assertEquals(2, chain.head().number());
      assertEquals(headHash, chain.head().hash());
      assertEquals(ETH, chain.headState().balance(CAROL));
    }
  }

  @Test
  void refusesAStoreHoldingAnotherGenesis(@TempDir Path dir) {
    try (var store = RocksDbKeyValueStore.open(dir)) {
      open(store);
    }
    GenesisDefinition other = new GenesisDefinition(1, Bytes32.ZERO, Bytes32.ZERO, state -> { });
    try (var store = RocksDbKeyValueStore.open(dir)) {
      var e = assertThrows(IllegalStateException.class, () -> Blockchain.open(store, PARAMS,
          new BlockExecutor(new TransactionProcessor(CHAIN_ID, new ModuleDispatcher(ModuleRegistry.empty()))), other));
      assertTrue(e.getMessage().startsWith("the data directory holds a chain whose genesis is "), e.getMessage());
    }
  }
}
