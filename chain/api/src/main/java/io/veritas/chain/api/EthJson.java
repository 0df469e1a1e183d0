package io.veritas.chain.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.tx.AccessListEntry;
import io.veritas.chain.tx.LegacyTransaction;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.SignedTransaction;
import io.veritas.chain.tx.Transaction;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Ethereum JSON-RPC renderings of blocks, transactions, receipts and logs, with every field ethers v6,
 * web3j and MetaMask parse. Fields of proof-of-work Ethereum that mean nothing here have their post-merge
 * values (difficulty 0, no uncles); mixHash carries the randomness beacon, as prevRandao does on Ethereum.
 */
public final class EthJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  /** keccak256(RLP([])): the ommers hash of every block without uncles. */
  private static final String EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

  private EthJson() {}

  public static String quantity(long value) {
    return "0x" + Long.toHexString(value);
  }

  /** A QUANTITY: 0x-prefixed, no leading zeros, and "0x0" for zero (Tuweni's short form gives "0x"). */
  public static String quantity(UInt256 value) {
    return value.isZero() ? "0x0" : value.toShortHexString();
  }

  public static String data(Bytes bytes) {
    return bytes.toHexString();
  }

  /** A transaction's place in a committed block, when it has one. */
  public record Inclusion(Bytes32 blockHash, long blockNumber, int index, UInt256 baseFee) {}

  public static ObjectNode block(Block block, boolean fullTransactions) {
    BlockHeader h = block.header();
    ObjectNode out = JSON.objectNode();
    out.put("number", quantity(h.number()));
    out.put("hash", data(h.hash()));
    out.put("parentHash", data(h.parentHash()));
    out.put("nonce", "0x0000000000000000");
    out.put("sha3Uncles", EMPTY_UNCLES_HASH);
    out.put("logsBloom", data(h.logsBloom().bytes()));
    out.put("transactionsRoot", data(h.transactionsRoot()));
    out.put("stateRoot", data(h.stateRoot()));
    out.put("receiptsRoot", data(h.receiptsRoot()));
    out.put("miner", h.proposer().toHexString());
    out.put("difficulty", "0x0");
    out.put("totalDifficulty", "0x0");
    out.put("extraData", "0x");
    out.put("size", quantity(block.encoded().size()));
    out.put("gasLimit", quantity(h.gasLimit()));
    out.put("gasUsed", quantity(h.gasUsed()));
    out.put("timestamp", quantity(h.timestamp()));
    out.put("baseFeePerGas", quantity(h.baseFeePerGas()));
    out.put("mixHash", data(h.beacon()));
    ArrayNode txs = out.putArray("transactions");
    List<Transaction> transactions = block.transactions();
    // Block.hash() encodes and hashes the header on every call: once per block, not once per transaction.
    Bytes32 blockHash = block.hash();
    for (int i = 0; i < transactions.size(); i++) {
      Transaction tx = transactions.get(i);
      if (fullTransactions) {
        txs.add(transaction(tx, Optional.of(new Inclusion(blockHash, h.number(), i, h.baseFeePerGas()))));
      } else {
        txs.add(data(tx.hash()));
      }
    }
    out.putArray("uncles");
    // Veritas' own header fields, for explorers.
    out.put("proposer", h.proposer().toHexString());
    out.put("beacon", data(h.beacon()));
    out.put("vrfProof", data(h.vrfProof()));
    out.put("validatorsHash", data(h.validatorsHash()));
    out.put("lastCommitHash", data(h.lastCommitHash()));
    return out;
  }

  public static ObjectNode transaction(Transaction tx, Optional<Inclusion> inclusion) {
    ObjectNode out = JSON.objectNode();
    out.put("hash", data(tx.hash()));
    out.put("type", quantity(tx.type()));
    if (inclusion.isPresent()) {
      Inclusion in = inclusion.get();
      out.put("blockHash", data(in.blockHash()));
      out.put("blockNumber", quantity(in.blockNumber()));
      out.put("transactionIndex", quantity(in.index()));
      out.put("gasPrice", quantity(tx.effectiveGasPrice(in.baseFee())));
    } else {
      out.putNull("blockHash");
      out.putNull("blockNumber");
      out.putNull("transactionIndex");
      out.put("gasPrice", quantity(tx.maxFeePerGas()));
    }
    out.put("from", tx.sender().toHexString());
    if (tx.to().isPresent()) {
      out.put("to", tx.to().get().toHexString());
    } else {
      out.putNull("to");
    }
    out.put("nonce", quantity(tx.nonce()));
    out.put("gas", quantity(tx.gasLimit()));
    out.put("value", quantity(tx.value()));
    out.put("input", data(tx.data()));
    tx.chainId().ifPresent(id -> out.put("chainId", quantity(id)));
    if (tx.type() == 2) {
      out.put("maxFeePerGas", quantity(tx.maxFeePerGas()));
      out.put("maxPriorityFeePerGas", quantity(tx.maxPriorityFeePerGas()));
    }
    if (!(tx instanceof SignedTransaction signed)) {
      // Unsigned, as OP Stack deposit transactions are shown: zero signature values, plus what kind of duty it is.
      out.put("protocolKind", ((ProtocolTransaction) tx).kind());
      out.put("v", "0x0");
      out.put("r", "0x0");
      out.put("s", "0x0");
      return out;
    }
    if (tx.type() != 0) {
      ArrayNode list = out.putArray("accessList");
      for (AccessListEntry entry : tx.accessList()) {
        ObjectNode e = list.addObject();
        e.put("address", entry.address().toHexString());
        ArrayNode keys = e.putArray("storageKeys");
        entry.storageKeys().forEach(k -> keys.add(data(k)));
      }
      out.put("yParity", quantity(signed.signature().recoveryId()));
      out.put("v", quantity(signed.signature().recoveryId()));
    } else {
      out.put("v", quantity(legacyV((LegacyTransaction) tx)));
    }
    out.put("r", quantity(UInt256.fromBytes(signed.signature().r())));
    out.put("s", quantity(UInt256.fromBytes(signed.signature().s())));
    return out;
  }

  /** EIP-155: v = recoveryId + 35 + 2·chainId; before EIP-155, 27 + recoveryId. */
  static long legacyV(LegacyTransaction tx) {
    int recoveryId = tx.signature().recoveryId();
    return tx.chainId().map(id -> recoveryId + 35 + 2 * id).orElse(27L + recoveryId);
  }

  public static ObjectNode receipt(
      Block block, int index, Receipt receipt, long gasUsed, int firstLogIndex, Optional<String> revertReason) {
    Transaction tx = block.transactions().get(index);
    BlockHeader h = block.header();
    ObjectNode out = JSON.objectNode();
    out.put("transactionHash", data(tx.hash()));
    out.put("transactionIndex", quantity(index));
    out.put("blockHash", data(block.hash()));
    out.put("blockNumber", quantity(h.number()));
    out.put("from", tx.sender().toHexString());
    if (tx.to().isPresent()) {
      out.put("to", tx.to().get().toHexString());
    } else {
      out.putNull("to");
    }
    out.put("cumulativeGasUsed", quantity(receipt.cumulativeGasUsed()));
    out.put("gasUsed", quantity(gasUsed));
    out.put("effectiveGasPrice", quantity(tx.effectiveGasPrice(h.baseFeePerGas())));
    out.putNull("contractAddress");
    ArrayNode logs = out.putArray("logs");
    for (int i = 0; i < receipt.logs().size(); i++) {
      logs.add(log(receipt.logs().get(i), block, index, firstLogIndex + i));
    }
    out.put("logsBloom", data(receipt.bloom().bytes()));
    out.put("status", receipt.success() ? "0x1" : "0x0");
    out.put("type", quantity(tx.type()));
    revertReason.ifPresent(r -> out.put("revertReason", r));
    return out;
  }

  public static ObjectNode log(Log log, Block block, int txIndex, int logIndex) {
    ObjectNode out = JSON.objectNode();
    out.put("address", log.address().toHexString());
    ArrayNode topics = out.putArray("topics");
    log.topics().forEach(t -> topics.add(data(t)));
    out.put("data", data(log.data()));
    out.put("blockNumber", quantity(block.header().number()));
    out.put("blockHash", data(block.hash()));
    out.put("transactionHash", data(block.transactions().get(txIndex).hash()));
    out.put("transactionIndex", quantity(txIndex));
    out.put("logIndex", quantity(logIndex));
    out.put("removed", false);
    return out;
  }

  /** A block header as eth_subscribe("newHeads") sends it: the block without its transactions. */
  public static ObjectNode header(Block block) {
    ObjectNode out = block(block, false);
    out.remove("transactions");
    out.remove("uncles");
    return out;
  }
}
