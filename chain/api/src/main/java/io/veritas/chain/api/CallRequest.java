package io.veritas.chain.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.veritas.chain.rpc.EthereumHex;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.types.Address;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/** The transaction-like object of eth_call and eth_estimateGas. */
public record CallRequest(Optional<Address> from, Optional<Address> to, Optional<Long> gas, UInt256 value, Bytes data) {

  public static CallRequest parse(JsonNode node, String what) throws JsonRpcException {
    if (node == null || !node.isObject()) {
      throw JsonRpcException.invalidParams(what + " must be a call object, got " + node);
    }
    Optional<Address> from = address(node, "from", what);
    Optional<Address> to = address(node, "to", what);
    Optional<Long> gas = node.hasNonNull("gas") ? Optional.of(EthereumHex.quantityLong(node.get("gas"), what + ".gas")) : Optional.empty();
    UInt256 value = node.hasNonNull("value")
        ? UInt256.valueOf(EthereumHex.quantityBig(node.get("value"), what + ".value"))
        : UInt256.ZERO;
    Bytes data = Bytes.EMPTY;
    JsonNode input = node.hasNonNull("input") ? node.get("input") : node.get("data");
    if (input != null && !input.isNull()) {
      data = Bytes.wrap(EthereumHex.data(input, what + ".input"));
    }
    return new CallRequest(from, to, gas, value, data);
  }

  private static Optional<Address> address(JsonNode node, String field, String what) throws JsonRpcException {
    if (!node.hasNonNull(field)) {
      return Optional.empty();
    }
    return Optional.of(new Address(Bytes.wrap(EthereumHex.data(node.get(field), what + "." + field, 20))));
  }
}
