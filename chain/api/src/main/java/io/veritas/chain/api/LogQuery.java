package io.veritas.chain.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.rpc.JsonRpcException;
import java.util.ArrayList;
import java.util.List;

/** Finds the logs of committed blocks that match a filter, skipping blocks whose bloom rules them out. */
public final class LogQuery {
  /** The widest block range one eth_getLogs call may scan. */
  public static final long MAX_BLOCK_RANGE = 10_000;
  /** The most logs one call returns. */
  public static final int MAX_RESULTS = 10_000;

  private LogQuery() {}

  public static List<ObjectNode> find(Blockchain chain, LogFilter filter) throws JsonRpcException {
    List<ObjectNode> out = new ArrayList<>();
    if (filter.blockHash().isPresent()) {
      Block block = chain.block(filter.blockHash().get())
          .orElseThrow(() -> JsonRpcException.serverError("unknown block " + filter.blockHash().get()));
      collect(chain, block, filter, out);
      return out;
    }
    long head = chain.head().number();
    long from = filter.fromBlock().orElse(head);
    long to = Math.min(filter.toBlock().orElse(head), head);
    if (from > to) {
      return out;
    }
    if (to - from + 1 > MAX_BLOCK_RANGE) {
      throw JsonRpcException.limitExceeded(
          "block range " + from + ".." + to + " is " + (to - from + 1) + " blocks; at most " + MAX_BLOCK_RANGE + " per query");
    }
    for (long n = from; n <= to; n++) {
      BlockHeader header = chain.header(n).orElseThrow();
      if (!filter.mayMatch(header.logsBloom())) {
        continue;
      }
      collect(chain, chain.block(n).orElseThrow(), filter, out);
    }
    return out;
  }

  /** The matching logs of one block, in log-index order. */
  public static void collect(Blockchain chain, Block block, LogFilter filter, List<ObjectNode> out) throws JsonRpcException {
    List<Receipt> receipts = chain.receipts(block.hash()).orElseThrow();
    collect(block, receipts, filter, out);
  }

  public static void collect(Block block, List<Receipt> receipts, LogFilter filter, List<ObjectNode> out)
      throws JsonRpcException {
    int logIndex = 0;
    for (int tx = 0; tx < receipts.size(); tx++) {
      for (var log : receipts.get(tx).logs()) {
        if (filter.matches(log)) {
          if (out.size() >= MAX_RESULTS) {
            throw JsonRpcException.limitExceeded("query returns more than " + MAX_RESULTS + " logs; narrow the block range");
          }
          out.add(EthJson.log(log, block, tx, logIndex));
        }
        logIndex++;
      }
    }
  }
}
