package io.veritas.chain.api;

import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcParams;
import io.veritas.chain.types.Address;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/** Reads the chain's value types from JSON-RPC params, with the params reader's clear errors. */
public final class RpcArgs {
  private RpcArgs() {}

  public static Address address(JsonRpcParams params, int index, String name) throws JsonRpcException {
    return new Address(Bytes.wrap(params.hexBytes(index, name, Address.SIZE)));
  }

  public static Bytes32 hash(JsonRpcParams params, int index, String name) throws JsonRpcException {
    return Bytes32.wrap(params.hexBytes(index, name, 32));
  }
}
