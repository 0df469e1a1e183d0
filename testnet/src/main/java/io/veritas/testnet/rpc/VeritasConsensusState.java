package io.veritas.testnet.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.testnet.consensus.ValidatorConsensus;

/**
 * {@code veritas_consensusState}: where this validator's consensus is — the height and round it works on and the
 * height and round of its last decision (quantities as 0x hex), and its validator address.
 */
public final class VeritasConsensusState implements JsonRpcMethod {
  private final ValidatorConsensus consensus;

  public VeritasConsensusState(ValidatorConsensus consensus) {
    this.consensus = consensus;
  }

  @Override
  public String name() {
    return "veritas_consensusState";
  }

  @Override
  public Object execute(JsonRpcRequestContext ctx) throws JsonRpcException {
    ctx.paramReader().expectAtMost(0);
    var service = consensus.service();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("mode", "bft");
    out.put("validator", consensus.validatorAddress());
    out.put("height", "0x" + Long.toHexString(Math.max(service.height(), 0)));
    out.put("round", "0x" + Integer.toHexString(service.round()));
    out.put("lastDecidedHeight", "0x" + Long.toHexString(service.lastDecidedHeight()));
    out.put("lastDecidedRound", "0x" + Integer.toHexString(service.lastDecidedRound()));
    return out;
  }
}
