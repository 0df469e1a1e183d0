package io.veritas.chain.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.rpc.EthereumHex;
import io.veritas.chain.rpc.JsonRpcException;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes32;

/**
 * A block named the ways Ethereum's JSON-RPC allows: a tag ("latest", "pending", "safe", "finalized",
 * "earliest"), a hex number, or an EIP-1898 object ({"blockNumber": ..} or {"blockHash": ..}). Finality is
 * instant here, so "safe" and "finalized" are the latest block; "pending" is too (the pending block is
 * built at proposal time, not kept).
 */
public final class BlockParameter {
  private BlockParameter() {}

  /** The header named, or empty when the chain has no such block. A missing parameter means "latest". */
  public static Optional<BlockHeader> resolve(Blockchain chain, JsonNode param, String what) throws JsonRpcException {
    if (param == null || param.isNull() || param.isMissingNode()) {
      return Optional.of(chain.head());
    }
    if (param.isObject()) {
      if (param.has("blockHash")) {
        byte[] hash = EthereumHex.data(param.get("blockHash"), what + ".blockHash", 32);
        return chain.header(Bytes32.wrap(hash));
      }
      if (param.has("blockNumber")) {
        return resolve(chain, param.get("blockNumber"), what + ".blockNumber");
      }
      throw JsonRpcException.invalidParams(what + " object must have blockHash or blockNumber");
    }
    if (!param.isTextual()) {
      throw JsonRpcException.invalidParams(what + " must be a block tag, a hex block number or an object, got " + param);
    }
    return switch (param.asText()) {
      case "latest", "pending", "safe", "finalized" -> Optional.of(chain.head());
      case "earliest" -> chain.header(0);
      default -> {
        long number = EthereumHex.quantityLong(param, what);
        yield number > chain.head().number() ? Optional.empty() : chain.header(number);
      }
    };
  }

  /** Like {@link #resolve} for methods that need the block to exist; geth's "header not found" otherwise. */
  public static BlockHeader require(Blockchain chain, JsonNode param, String what) throws JsonRpcException {
    return resolve(chain, param, what).orElseThrow(() -> JsonRpcException.serverError("header not found"));
  }

  /** A block number for a range (eth_getLogs, filters); tags resolve against the current head. */
  public static long number(Blockchain chain, JsonNode param, String what, long defaultNumber) throws JsonRpcException {
    if (param == null || param.isNull() || param.isMissingNode()) {
      return defaultNumber;
    }
    if (param.isTextual()) {
      switch (param.asText()) {
        case "latest", "pending", "safe", "finalized" -> {
          return chain.head().number();
        }
        case "earliest" -> {
          return 0;
        }
        default -> {
          return EthereumHex.quantityLong(param, what);
        }
      }
    }
    throw JsonRpcException.invalidParams(what + " must be a block tag or a hex block number, got " + param);
  }
}
