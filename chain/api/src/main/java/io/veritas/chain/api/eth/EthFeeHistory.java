package io.veritas.chain.api.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.api.EthJson;
import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.execution.BaseFee;
import io.veritas.chain.receipt.Receipt;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * {@code eth_feeHistory}: base fees (including the next block's), gas used ratios and, per requested
 * percentile, the effective tip at which that share of each block's gas was paid — as geth computes it.
 */
public final class EthFeeHistory implements JsonRpcMethod {
  public static final int MAX_BLOCKS = 1024;
  private final ChainApi api;

  public EthFeeHistory(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_feeHistory";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(3);
    long count = params.quantityLong(0, "blockCount");
    BlockHeader newest = BlockParameter.require(api.chain(), params.required(1, "newestBlock"), "newestBlock");
    List<Double> percentiles = new ArrayList<>();
    var percentileNode = params.optional(2, "rewardPercentiles");
    if (percentileNode.isPresent() && !percentileNode.get().isNull()) {
      double previous = -1;
      for (var p : percentileNode.get()) {
        if (!p.isNumber() || p.asDouble() < 0 || p.asDouble() > 100 || p.asDouble() < previous) {
          throw JsonRpcException.invalidParams(
              "rewardPercentiles must be numbers from 0 to 100 in ascending order, got " + percentileNode.get());
        }
        previous = p.asDouble();
        percentiles.add(p.asDouble());
      }
    }
    count = Math.max(0, Math.min(count, Math.min(MAX_BLOCKS, newest.number() + 1)));
    long oldest = newest.number() - count + 1;
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("oldestBlock", EthJson.quantity(count == 0 ? newest.number() : oldest));
    ArrayNode baseFees = out.putArray("baseFeePerGas");
    ArrayNode ratios = out.putArray("gasUsedRatio");
    ArrayNode rewards = percentiles.isEmpty() ? null : out.putArray("reward");
    for (long n = oldest; n <= newest.number() && count > 0; n++) {
      Block block = api.chain().block(n).orElseThrow();
      BlockHeader h = block.header();
      baseFees.add(EthJson.quantity(h.baseFeePerGas()));
      ratios.add((double) h.gasUsed() / h.gasLimit());
      if (rewards != null) {
        rewards.add(rewards(block, percentiles));
      }
    }
    BlockHeader last = newest;
    baseFees.add(EthJson.quantity(
        BaseFee.next(last.baseFeePerGas(), last.gasUsed(), last.gasLimit(), api.chain().parameters().minBaseFee())));
    return out;
  }

  private ArrayNode rewards(Block block, List<Double> percentiles) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    List<Receipt> receipts = api.chain().receipts(block.hash()).orElseThrow();
    UInt256 baseFee = block.header().baseFeePerGas();
    record Paid(UInt256 tip, long gas) {}
    List<Paid> paid = new ArrayList<>();
    long previous = 0;
    for (int i = 0; i < receipts.size(); i++) {
      long gas = receipts.get(i).cumulativeGasUsed() - previous;
      previous = receipts.get(i).cumulativeGasUsed();
      paid.add(new Paid(block.transactions().get(i).effectivePriorityFee(baseFee), gas));
    }
    paid.sort(Comparator.comparing(Paid::tip));
    for (double percentile : percentiles) {
      if (paid.isEmpty()) {
        out.add("0x0");
        continue;
      }
      double threshold = block.header().gasUsed() * percentile / 100.0;
      long sum = 0;
      UInt256 tip = paid.get(paid.size() - 1).tip();
      for (Paid p : paid) {
        sum += p.gas();
        if (sum >= threshold) {
          tip = p.tip();
          break;
        }
      }
      out.add(EthJson.quantity(tip));
    }
    return out;
  }
}
