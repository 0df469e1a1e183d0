package io.veritas.chain.blockchain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.receipt.Receipt;
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

class RecentBlocksTest {
  private static final KeyPair ALICE =
      KeyPair.fromSecret(Bytes32.fromHexString("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));

  private static CommittedBlock block(long number, int txCount) {
    List<Transaction> txs = new ArrayList<>();
    List<Receipt> receipts = new ArrayList<>();
    for (int i = 0; i < txCount; i++) {
      txs.add(new DynamicFeeTransaction.Unsigned(7357, i, UInt256.ONE, UInt256.ONE, 21_000, Optional.of(Address.fromLong(9)),
          UInt256.ONE, Bytes.EMPTY, List.of()).sign(ALICE));
      receipts.add(new Receipt(2, true, 21_000L * (i + 1), LogsBloom.EMPTY, List.of()));
    }
    BlockHeader header = new BlockHeader(Bytes32.ZERO, number, 1_767_225_600L + number, Address.ZERO, Bytes32.ZERO,
        Bytes32.ZERO, Bytes32.ZERO, LogsBloom.EMPTY, 30_000_000, 21_000L * txCount, UInt256.ONE, Bytes32.ZERO,
        Bytes.EMPTY, Bytes32.ZERO, CommitCertificate.EMPTY.hash());
    return new CommittedBlock(new Block(header, txs, CommitCertificate.EMPTY), receipts, CommitCertificate.EMPTY);
  }

  @Test
  void servesTheCommittedInstancesOfTheNewestBlocks() {
    RecentBlocks recent = new RecentBlocks(2, 100);
    CommittedBlock one = block(1, 1);
    CommittedBlock two = block(2, 1);
    CommittedBlock three = block(3, 0);
    recent.add(one);
    recent.add(two);
    recent.add(three);
    assertEquals(2, recent.size());
    assertEquals(Optional.empty(), recent.block(one.block().hash()));
    assertSame(two.block(), recent.block(two.block().hash()).orElseThrow());
    assertSame(three.receipts(), recent.receipts(three.block().hash()).orElseThrow());
  }

  @Test
  void evictsTheOldestBlocksWhenTheTransactionBudgetIsExceeded() {
    RecentBlocks recent = new RecentBlocks(10, 3);
    CommittedBlock one = block(1, 2);
    CommittedBlock two = block(2, 2);
    recent.add(one);
    recent.add(two);
    assertEquals(1, recent.size());
    assertEquals(Optional.empty(), recent.block(one.block().hash()));
    assertTrue(recent.block(two.block().hash()).isPresent());
  }

  @Test
  void keepsTheNewestBlockEvenWhenItAloneExceedsTheBudget() {
    RecentBlocks recent = new RecentBlocks(10, 1);
    CommittedBlock big = block(1, 3);
    recent.add(big);
    assertSame(big.block(), recent.block(big.block().hash()).orElseThrow());
  }

  @Test
  void unknownHashIsEmpty() {
    RecentBlocks recent = new RecentBlocks(4, 10);
    assertEquals(Optional.empty(), recent.block(Bytes32.ZERO));
    assertEquals(Optional.empty(), recent.receipts(Bytes32.ZERO));
  }

  @Test
  void rejectsAnEmptyCapacity() {
    assertThrows(IllegalArgumentException.class, () -> new RecentBlocks(0, 10));
  }
}
