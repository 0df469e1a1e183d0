package io.veritas.chain.rpc;

/**
 * One JSON-RPC method, in Besu's style: one small class per method, named by {@link #name()}.
 *
 * <p>{@link #execute} runs on the server's bounded worker pool, never on a network thread, so it may block
 * briefly (storage reads). Its return value becomes the response's {@code result}, serialised with the
 * server's Jackson {@code ObjectMapper}: a {@code JsonNode}, a record, a {@code String}, a {@code Boolean},
 * {@code null}, ... A method reports a caller's mistake or a rejection by throwing {@link JsonRpcException};
 * any other exception is logged and answered with a generic {@link JsonRpcException#INTERNAL_ERROR}.
 */
public interface JsonRpcMethod {

  /** The full method name including its namespace, e.g. {@code eth_getBalance}. */
  String name();

  /** Executes one call; see the class comment for threading and error rules. */
  Object execute(JsonRpcRequestContext ctx) throws JsonRpcException;
}
