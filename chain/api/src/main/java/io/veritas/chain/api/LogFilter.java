package io.veritas.chain.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.rpc.EthereumHex;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The criteria of eth_getLogs, eth_newFilter and eth_subscribe("logs"): a block range (open-ended ranges
 * follow the head), addresses (any of them; empty = all) and topics by position (each position: any of a
 * list; an empty list = anything), or a single block by hash.
 */
public record LogFilter(
    Optional<Long> fromBlock,
    Optional<Long> toBlock,
    Optional<Bytes32> blockHash,
    Set<Address> addresses,
    List<List<Bytes32>> topics) {

  public LogFilter {
    addresses = Set.copyOf(addresses);
    topics = topics.stream().map(List::copyOf).toList();
  }

  public static LogFilter parse(Blockchain chain, JsonNode node, String what) throws JsonRpcException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new LogFilter(Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), List.of());
    }
    if (!node.isObject()) {
      throw JsonRpcException.invalidParams(what + " must be a filter object, got " + node);
    }
    Optional<Bytes32> blockHash = Optional.empty();
    if (node.hasNonNull("blockHash")) {
      if (node.hasNonNull("fromBlock") || node.hasNonNull("toBlock")) {
        throw JsonRpcException.invalidParams(what + ": blockHash cannot be combined with fromBlock/toBlock");
      }
      blockHash = Optional.of(Bytes32.wrap(EthereumHex.data(node.get("blockHash"), what + ".blockHash", 32)));
    }
    Optional<Long> from = rangeEnd(chain, node.get("fromBlock"), what + ".fromBlock");
    Optional<Long> to = rangeEnd(chain, node.get("toBlock"), what + ".toBlock");
    List<Address> addresses = new ArrayList<>();
    JsonNode address = node.get("address");
    if (address != null && !address.isNull()) {
      if (address.isArray()) {
        for (JsonNode a : address) {
          addresses.add(new Address(Bytes.wrap(EthereumHex.data(a, what + ".address", 20))));
        }
      } else {
        addresses.add(new Address(Bytes.wrap(EthereumHex.data(address, what + ".address", 20))));
      }
    }
    List<List<Bytes32>> topics = new ArrayList<>();
    JsonNode topicsNode = node.get("topics");
    if (topicsNode != null && !topicsNode.isNull()) {
      if (!topicsNode.isArray() || topicsNode.size() > 4) {
        throw JsonRpcException.invalidParams(what + ".topics must be an array of at most 4 positions");
      }
      for (int i = 0; i < topicsNode.size(); i++) {
        JsonNode position = topicsNode.get(i);
        List<Bytes32> alternatives = new ArrayList<>();
        if (position.isArray()) {
          for (JsonNode t : position) {
            alternatives.add(Bytes32.wrap(EthereumHex.data(t, what + ".topics[" + i + "]", 32)));
          }
        } else if (!position.isNull()) {
          alternatives.add(Bytes32.wrap(EthereumHex.data(position, what + ".topics[" + i + "]", 32)));
        }
        topics.add(alternatives);
      }
    }
    return new LogFilter(from, to, blockHash, Set.copyOf(addresses), topics);
  }

  private static Optional<Long> rangeEnd(Blockchain chain, JsonNode node, String what) throws JsonRpcException {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (node.isTextual() && List.of("latest", "pending", "safe", "finalized").contains(node.asText())) {
      return Optional.empty(); // follows the head
    }
    return Optional.of(BlockParameter.number(chain, node, what, 0));
  }

  public boolean matches(Log log) {
    if (!addresses.isEmpty() && !addresses.contains(log.address())) {
      return false;
    }
    for (int i = 0; i < topics.size(); i++) {
      List<Bytes32> alternatives = topics.get(i);
      if (alternatives.isEmpty()) {
        continue;
      }
      if (i >= log.topics().size() || !alternatives.contains(log.topics().get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether a block whose bloom is {@code bloom} may hold a matching log (no false negatives). */
  public boolean mayMatch(LogsBloom bloom) {
    if (!addresses.isEmpty() && addresses.stream().noneMatch(bloom::mightContain)) {
      return false;
    }
    for (List<Bytes32> alternatives : topics) {
      if (!alternatives.isEmpty() && alternatives.stream().noneMatch(bloom::mightContain)) {
        return false;
      }
    }
    return true;
  }
}
