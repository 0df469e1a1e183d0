package io.veritas.chain.rpc;

/**
 * A JSON-RPC error a method (or the server) answers with: the response's {@code error} object is
 * {@code {"code": code, "message": message, "data": data}}, with {@code data} omitted when null.
 *
 * <p>These errors are expected outcomes (bad parameters, rejected transactions), so no stack trace is
 * captured: building one per rejected transaction would cost more than the rejection itself.
 */
public final class JsonRpcException extends Exception {

  /** Invalid JSON was received (JSON-RPC 2.0 section 5.1). */
  public static final int PARSE_ERROR = -32700;
  /** The JSON sent is not a valid request object. */
  public static final int INVALID_REQUEST = -32600;
  /** The method does not exist or is not available to this caller. */
  public static final int METHOD_NOT_FOUND = -32601;
  /** Invalid method parameters. */
  public static final int INVALID_PARAMS = -32602;
  /** Internal JSON-RPC error; its message never carries internals. */
  public static final int INTERNAL_ERROR = -32603;
  /** Generic server error; geth answers transaction rejections (nonce too low, ...) with this code. */
  public static final int SERVER_ERROR = -32000;
  /** A request exceeded a limit of this server (batch size, queue, subscriptions, body size). */
  public static final int LIMIT_EXCEEDED = -32005;
  /** EVM-style execution reverted; {@code data} carries the 0x-prefixed revert data (EIP-1474 / geth). */
  public static final int EXECUTION_REVERTED = 3;

  private final int code;
  private final transient Object data;

  public JsonRpcException(int code, String message, Object data) {
    super(requireMessage(message), null, false, false);
    this.code = code;
    this.data = data;
  }

  public JsonRpcException(int code, String message) {
    this(code, message, null);
  }

  public int code() {
    return code;
  }

  /** The optional {@code data} member, serialised with the server's mapper; null when absent. */
  public Object data() {
    return data;
  }

  public static JsonRpcException invalidParams(String detail) {
    return new JsonRpcException(INVALID_PARAMS, "invalid params: " + detail);
  }

  public static JsonRpcException invalidRequest(String detail) {
    return new JsonRpcException(INVALID_REQUEST, "invalid request: " + detail);
  }

  public static JsonRpcException methodNotFound(String method) {
    return new JsonRpcException(METHOD_NOT_FOUND, "the method " + method + " does not exist/is not available");
  }

  public static JsonRpcException limitExceeded(String detail) {
    return new JsonRpcException(LIMIT_EXCEEDED, detail);
  }

  /** The generic answer to an unexpected failure; the cause is logged, never sent. */
  public static JsonRpcException internalError() {
    return new JsonRpcException(INTERNAL_ERROR, "internal error");
  }

  /** A rejection with geth's code -32000, e.g. {@code "nonce too low: ..."}. */
  public static JsonRpcException serverError(String message) {
    return new JsonRpcException(SERVER_ERROR, message);
  }

  /**
   * A revert: {@code reason} is the message (geth: {@code "execution reverted: <reason>"}) and
   * {@code revertDataHex} the 0x-prefixed return data clients decode.
   */
  public static JsonRpcException executionReverted(String message, String revertDataHex) {
    return new JsonRpcException(EXECUTION_REVERTED, message, revertDataHex);
  }

  private static String requireMessage(String message) {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a JSON-RPC error needs a message");
    }
    return message;
  }

  @Override
  public String toString() {
    return "JsonRpcException{code=" + code + ", message=" + getMessage() + (data == null ? "" : ", data=" + data) + "}";
  }
}
