package io.veritas.chain.blockchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.trie.OrderedListTrie;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.BlockExecutor;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.execution.TransactionProcessor;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRegistry;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.module.TickModuleAccess;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.tx.DynamicFeeTransaction;
import io.veritas.chain.tx.InvalidTransactionException;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.tx.TransactionDecoder;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class ProtocolTransactionsTest {
  private static final long CHAIN_ID = 7357;
  private static final UInt256 GWEI = UInt256.valueOf(1_000_000_000L);
  private static final UInt256 ETH = UInt256.valueOf(1_000_000_000_000_000_000L);
  private static final KeyPair ALICE =
      KeyPair.fromSecret(Bytes32.fromHexString("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));
  private static final Address PROPOSER = Address.fromHex("0xbcd4042de499d14e55001ccbb24a551f3b954096");
  private static final ChainParameters PARAMS =
      new ChainParameters(CHAIN_ID, 30_000_000, GWEI, UInt256.valueOf(100_000_000L), 1_000);
  private static final GenesisDefinition GENESIS =
      new GenesisDefinition(1_767_225_600L, Bytes32.ZERO, Bytes32.ZERO, state -> state.setBalance(ALICE.address(), ETH));

  private static Blockchain open() {
    ModuleDispatcher modules = new ModuleDispatcher(new ModuleRegistry(List.of(TickModuleAccess.create())));
    return Blockchain.open(new InMemoryKeyValueStore(), PARAMS, new BlockExecutor(new TransactionProcessor(CHAIN_ID, modules)), GENESIS);
  }

  private static ProposedBlock propose(Blockchain chain, List<ProtocolCall> evidence, List<Transaction> txs) {
    return chain.propose(evidence, txs, chain.head().timestamp() + 1, PROPOSER, Bytes32.ZERO, Bytes.EMPTY, Bytes32.ZERO,
        CommitCertificate.EMPTY, (tx, reason) -> {
          throw new AssertionError("skipped: " + reason.getMessage());
        });
  }

  private static long ticks(Blockchain chain) {
    return new ModuleStorage(chain.headState(), TickModuleAccess.ADDRESS).getLong(TickModuleAccess.TICKS);
  }

  /** {@code block} with other transactions and the transactions root that matches them (the rest unchanged). */
  private static Block withTransactions(Block block, List<Transaction> txs) {
    BlockHeader h = block.header();
    Bytes32 txRoot = OrderedListTrie.root(txs.stream().map(Transaction::encoded).toList());
    BlockHeader header = new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.proposer(), h.stateRoot(), txRoot,
        h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(), h.baseFeePerGas(), h.beacon(), h.vrfProof(),
        h.validatorsHash(), h.lastCommitHash());
    return new Block(header, txs, block.lastCommit());
  }

  @Test
  void everyEvenBlockBeginsWithTheDueProtocolTransaction() {
    Blockchain chain = open();
    chain.commit(propose(chain, List.of(), List.of()));
    assertEquals(List.of(), chain.block(1).orElseThrow().transactions());
    ProposedBlock two = propose(chain, List.of(), List.of());
    chain.commit(two);

    ProtocolTransaction expected = new ProtocolTransaction(ProtocolTransaction.PAYOUT, CHAIN_ID, 2, 0, TickModuleAccess.ADDRESS, TickModuleAccess.tickCall(2));
    assertEquals(List.of(expected), chain.block(2).orElseThrow().transactions());
    assertEquals(1, ticks(chain));
    assertEquals(UInt256.valueOf(5), chain.headState().account(TickModuleAccess.ADDRESS).balance(), "minted by the tick");
    assertEquals(0, new ModuleStorage(chain.headState(), TickModuleAccess.ADDRESS).getLong(TickModuleAccess.REPORTS),
        "the write dueCalls made through its view was discarded");
    Receipt receipt = chain.receipts(two.block().hash()).orElseThrow().get(0);
    assertEquals(0x7d, receipt.type());
    assertTrue(receipt.success());
    assertEquals(0, receipt.cumulativeGasUsed());
    assertEquals(1, receipt.logs().size());
    assertEquals(0, chain.head().gasUsed());
  }

  @Test
  void protocolTransactionEncodingRoundTripsInABlockButIsRefusedFromUsers() {
    ProtocolTransaction tx = new ProtocolTransaction(ProtocolTransaction.CHALLENGE, CHAIN_ID, 9, 3, TickModuleAccess.ADDRESS, Bytes.fromHexString("0x01020304"));
    assertEquals(
        Bytes.fromHexString("0x7cdf821cbd09039400000000000000000000000000000000000091008401020304"),
        tx.encoded());
    assertEquals(tx, TransactionDecoder.decodeInBlock(tx.encoded()));
    assertEquals(ProtocolTransaction.SYSTEM_ADDRESS, tx.sender());
    InvalidTransactionException e = assertThrows(InvalidTransactionException.class, () -> TransactionDecoder.decode(tx.encoded()));
    assertEquals("transaction type 0x7c is a protocol transaction: only blocks carry it, no user may send it", e.getMessage());
  }

  @Test
  void blockThatOmitsOrAltersTheDueProtocolTransactionIsInvalid() throws InvalidBlockException {
    Blockchain producer = open();
    producer.commit(propose(producer, List.of(), List.of()));
    Block good = propose(producer, List.of(), List.of()).block();

    Blockchain follower = open();
    follower.commit(follower.validate(producer.block(1).orElseThrow()));
    InvalidBlockException omitted = assertThrows(InvalidBlockException.class, () -> follower.validate(withTransactions(good, List.of())));
    assertEquals("block 2 has 0 transactions but must begin with 1 protocol transactions", omitted.getMessage());

    ProtocolTransaction altered = new ProtocolTransaction(ProtocolTransaction.PAYOUT, CHAIN_ID, 2, 0, TickModuleAccess.ADDRESS, TickModuleAccess.tickCall(3));
    InvalidBlockException changed = assertThrows(InvalidBlockException.class, () -> follower.validate(withTransactions(good, List.of(altered))));
    assertTrue(changed.getMessage().startsWith("block 2 transaction 0 should be the payout protocol transaction "), changed.getMessage());

    follower.commit(follower.validate(good));
    assertEquals(good.hash(), follower.head().hash());
  }

  @Test
  void evidenceThatRevertsIsLeftOutByTheProposerAndMakesAReceivedBlockInvalid() {
    Blockchain chain = open();
    ProposedBlock block = propose(chain, List.of(
        new ProtocolCall(ProtocolTransaction.EVIDENCE, TickModuleAccess.ADDRESS, TickModuleAccess.reportCall(0)),
        new ProtocolCall(ProtocolTransaction.EVIDENCE, TickModuleAccess.ADDRESS, TickModuleAccess.reportCall(7))), List.of());
    assertEquals(
        List.of(new ProtocolTransaction(ProtocolTransaction.EVIDENCE, CHAIN_ID, 1, 0, TickModuleAccess.ADDRESS, TickModuleAccess.reportCall(7))),
        block.block().transactions());
    chain.commit(block);
    assertEquals(7, new ModuleStorage(chain.headState(), TickModuleAccess.ADDRESS).getLong(TickModuleAccess.REPORTS));

    Blockchain other = open();
    Block forged = withTransactions(block.block(), List.of(
        new ProtocolTransaction(ProtocolTransaction.EVIDENCE, CHAIN_ID, 1, 0, TickModuleAccess.ADDRESS, TickModuleAccess.reportCall(0))));
    InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> other.validate(forged));
    assertTrue(e.getMessage().endsWith("is invalid: report of nothing"), e.getMessage());
  }

  @Test
  void aUserCannotRunAProtocolOnlyMethodOrSmuggleAProtocolTransactionIntoABlock() {
    Blockchain chain = open();
    DynamicFeeTransaction call = new DynamicFeeTransaction.Unsigned(CHAIN_ID, 0, GWEI, GWEI.multiply(10), 100_000,
        Optional.of(TickModuleAccess.ADDRESS), UInt256.ZERO, TickModuleAccess.tickCall(1), List.of()).sign(ALICE);
    chain.commit(propose(chain, List.of(), List.of(call)));
    assertEquals(Optional.of("tick(uint64) is run by the protocol only (protocol transactions), not by " + ALICE.address()),
        chain.revertReason(call.hash()));
    assertEquals(0, ticks(chain));

    Block two = propose(chain, List.of(), List.of()).block();
    ProtocolTransaction smuggled = new ProtocolTransaction(ProtocolTransaction.CHALLENGE, CHAIN_ID, 2, 1, TickModuleAccess.ADDRESS, TickModuleAccess.tickCall(2));
    List<Transaction> txs = new ArrayList<>(two.transactions());
    txs.add(smuggled);
    InvalidBlockException e = assertThrows(InvalidBlockException.class, () -> chain.validate(withTransactions(two, txs)));
    assertTrue(e.getMessage().endsWith("is a challenge protocol transaction no module asked for"), e.getMessage());
    assertFalse(chain.head().number() == 2);
    assertInstanceOf(ProtocolTransaction.class, two.transactions().get(0));
  }
}
