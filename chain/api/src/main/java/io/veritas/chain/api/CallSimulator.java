package io.veritas.chain.api;

import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.module.ModuleDispatcher;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.tx.TransactionValidity;
import io.veritas.chain.types.Address;
import org.apache.tuweni.bytes.Bytes;

/**
 * eth_call and eth_estimateGas: runs a call on a private copy of a block's state (nothing is stored) and
 * reports the return data, the gas it would use, or the revert reason as Solidity's Error(string) data.
 */
public final class CallSimulator {
  private final Blockchain chain;
  private final ModuleDispatcher modules;

  public CallSimulator(Blockchain chain, ModuleDispatcher modules) {
    this.chain = chain;
    this.modules = modules;
  }

  public Bytes call(CallRequest request, BlockHeader at) throws JsonRpcException {
    return run(request, at).returnData;
  }

  public long estimateGas(CallRequest request, BlockHeader at) throws JsonRpcException {
    long gas = run(request, at).gasUsed;
    if (request.gas().isPresent() && request.gas().get() < gas) {
      throw JsonRpcException.serverError("gas required exceeds allowance (" + request.gas().get() + "), the call needs " + gas);
    }
    return gas;
  }

  private record Result(Bytes returnData, long gasUsed) {}

  private Result run(CallRequest request, BlockHeader at) throws JsonRpcException {
    Address from = request.from().orElse(Address.ZERO);
    Address to = request.to().orElseThrow(
        () -> JsonRpcException.serverError("contract creation is not supported: Veritas has no EVM (the call has no 'to')"));
    WorldState state = chain.stateAt(at);
    long intrinsic = intrinsicGas(request.data());
    if (state.account(from).balance().lessThan(request.value())) {
      throw JsonRpcException.serverError(
          "insufficient funds for transfer: account " + from + " has balance " + state.account(from).balance().toDecimalString()
              + ", the call sends " + request.value().toDecimalString());
    }
    if (!modules.registry().isModule(to)) {
      if (!request.data().isEmpty()) {
        throw JsonRpcException.serverError(
            "calldata to plain account " + to + " is not accepted (there is no EVM); only native module addresses take calldata");
      }
      return new Result(Bytes.EMPTY, intrinsic);
    }
    BlockContext context =
        new BlockContext(at.number() + 1, at.timestamp(), at.proposer(), at.baseFeePerGas(), at.gasLimit(), at.beacon());
    state.subtractBalance(from, request.value());
    state.addBalance(to, request.value());
    try {
      ModuleDispatcher.ModuleResult result = modules.call(to, request.data(), from, request.value(), context, state);
      return new Result(result.returnData(), intrinsic + modules.methodGas(to, request.data()));
    } catch (ModuleRevertException e) {
      throw JsonRpcException.executionReverted("execution reverted: " + e.reason(), e.revertData().toHexString());
    }
  }

  private static long intrinsicGas(Bytes data) {
    long gas = TransactionValidity.TX_BASE_GAS;
    for (int i = 0; i < data.size(); i++) {
      gas += data.get(i) == 0 ? TransactionValidity.ZERO_DATA_BYTE_GAS : TransactionValidity.NON_ZERO_DATA_BYTE_GAS;
    }
    return gas;
  }
}
