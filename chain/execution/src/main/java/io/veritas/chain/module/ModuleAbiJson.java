package io.veritas.chain.module;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A module's ABI in the standard Solidity JSON form (what ethers' Interface and web3j's codegen read),
 * rendered from the same declarations the dispatcher runs on, so the two cannot drift apart.
 */
public final class ModuleAbiJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModuleAbiJson() {}

  public static ArrayNode abi(NativeModule module) {
    ArrayNode abi = MAPPER.createArrayNode();
    for (ModuleMethod method : module.methods()) {
      ObjectNode entry = abi.addObject();
      entry.put("type", "function");
      entry.put("name", method.name());
      entry.set("inputs", params(method.inputs(), false));
      entry.set("outputs", params(method.outputs(), false));
      entry.put("stateMutability", method.mutability().abiName());
    }
    for (ModuleEvent event : module.events()) {
      ObjectNode entry = abi.addObject();
      entry.put("type", "event");
      entry.put("name", event.name());
      entry.set("inputs", params(event.params(), true));
      entry.put("anonymous", false);
    }
    return abi;
  }

  public static String render(NativeModule module) {
    try {
      return MAPPER.writeValueAsString(abi(module));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the ABI of " + module.name(), e);
    }
  }

  private static ArrayNode params(List<AbiParam> params, boolean event) {
    ArrayNode out = MAPPER.createArrayNode();
    for (AbiParam param : params) {
      ObjectNode node = out.addObject();
      node.put("name", param.name());
      node.put("type", param.type());
      if (event) {
        node.put("indexed", param.indexed());
      }
    }
    return out;
  }
}
