package io.veritas.chain.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.block.Block;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.blockchain.TransactionLocation;
import io.veritas.chain.receipt.Receipt;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/** Committed transactions and their receipts, found through the transaction index. */
public final class TransactionLookup {
  private TransactionLookup() {}

  public static ObjectNode committed(Blockchain chain, TransactionLocation location) {
    Block block = chain.block(location.blockHash()).orElseThrow();
    return transactionAt(block, location.index());
  }

  public static Optional<ObjectNode> byIndex(Blockchain chain, Bytes32 blockHash, long index) {
    return chain.block(blockHash)
        .filter(b -> index >= 0 && index < b.transactions().size())
        .map(b -> transactionAt(b, (int) index));
  }

  private static ObjectNode transactionAt(Block block, int index) {
    return EthJson.transaction(
        block.transactions().get(index),
        Optional.of(new EthJson.Inclusion(block.hash(), block.header().number(), index, block.header().baseFeePerGas())));
  }

  public static ObjectNode receipt(Blockchain chain, TransactionLocation location) {
    Block block = chain.block(location.blockHash()).orElseThrow();
    List<Receipt> receipts = chain.receipts(block.hash()).orElseThrow();
    return receiptAt(chain, block, receipts, location.index());
  }

  public static ArrayNode blockReceipts(Blockchain chain, Bytes32 blockHash) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    Block block = chain.block(blockHash).orElseThrow();
    List<Receipt> receipts = chain.receipts(blockHash).orElseThrow();
    for (int i = 0; i < receipts.size(); i++) {
      out.add(receiptAt(chain, block, receipts, i));
    }
    return out;
  }

  private static ObjectNode receiptAt(Blockchain chain, Block block, List<Receipt> receipts, int index) {
    long previousCumulative = index == 0 ? 0 : receipts.get(index - 1).cumulativeGasUsed();
    int firstLogIndex = 0;
    for (int i = 0; i < index; i++) {
      firstLogIndex += receipts.get(i).logs().size();
    }
    Receipt receipt = receipts.get(index);
    Optional<String> revertReason =
        receipt.success() ? Optional.empty() : chain.revertReason(block.transactions().get(index).hash());
    return EthJson.receipt(block, index, receipt, receipt.cumulativeGasUsed() - previousCumulative, firstLogIndex, revertReason);
  }
}
