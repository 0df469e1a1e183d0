package io.veritas.chain.api.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.api.BlockParameter;
import io.veritas.chain.api.ChainApi;
import io.veritas.chain.api.EthJson;
import io.veritas.chain.api.RpcArgs;
import io.veritas.chain.rpc.EthereumHex;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.state.AccountProof;
import io.veritas.chain.state.StorageProof;
import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * {@code eth_getProof} (EIP-1186): the Merkle proof of an account against a block's stateRoot, and of its
 * storage slots against the account's storageRoot — so light clients can check module state.
 */
public final class EthGetProof implements JsonRpcMethod {
  public static final int MAX_SLOTS = 1024;
  private final ChainApi api;

  public EthGetProof(ChainApi api) {
    this.api = api;
  }

  @Override
  public String name() {
    return "eth_getProof";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    var params = ctx.paramReader();
    params.expectAtMost(3);
    Address address = RpcArgs.address(params, 0, "address");
    var keysNode = params.required(1, "storageKeys");
    if (!keysNode.isArray() || keysNode.size() > MAX_SLOTS) {
      throw JsonRpcException.invalidParams("storageKeys must be an array of at most " + MAX_SLOTS + " 32-byte keys");
    }
    List<Bytes32> slots = new ArrayList<>();
    for (var key : keysNode) {
      byte[] slot = EthereumHex.data(key, "storageKeys[]");
      if (slot.length > 32) {
        throw JsonRpcException.invalidParams("storage key " + key.asText() + " is longer than 32 bytes");
      }
      slots.add(Bytes32.leftPad(Bytes.wrap(slot)));
    }
    var at = BlockParameter.require(api.chain(), params.optional(2, "block").orElse(null), "block");
    AccountProof proof = api.chain().stateAt(at).proof(address, slots);
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("address", address.toHexString());
    out.set("accountProof", nodes(proof.accountProof()));
    out.put("balance", EthJson.quantity(proof.account().balance()));
    out.put("codeHash", proof.account().codeHash().toHexString());
    out.put("nonce", EthJson.quantity(proof.account().nonce()));
    out.put("storageHash", proof.account().storageRoot().toHexString());
    ArrayNode storage = out.putArray("storageProof");
    for (StorageProof sp : proof.storageProofs()) {
      ObjectNode entry = storage.addObject();
      entry.put("key", sp.slot().toHexString());
      entry.put("value", EthJson.quantity(sp.value()));
      entry.set("proof", nodes(sp.proof()));
    }
    return out;
  }

  private static ArrayNode nodes(List<Bytes> proof) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    proof.forEach(node -> out.add(node.toHexString()));
    return out;
  }
}
