package io.veritas.chain.rpc.dispatch;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import io.veritas.chain.rpc.JsonRpcException;
import io.veritas.chain.rpc.JsonRpcMethod;
import io.veritas.chain.rpc.JsonRpcRequestContext;
import io.veritas.chain.rpc.MethodRegistry;
import io.veritas.chain.rpc.RpcConnection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one JSON-RPC 2.0 payload (a request or a batch) into its response payload, calling the registered
 * methods. Transport-free and synchronous: the server calls it on a worker thread with the request body and
 * writes back what it returns. Rule references are to the JSON-RPC 2.0 specification.
 */
public final class JsonRpcDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(JsonRpcDispatcher.class);
  private static final String VERSION = "2.0";

  private final MethodRegistry registry;
  private final ObjectMapper mapper;
  private final ObjectReader treeReader;
  private final int maxBatchSize;

  public JsonRpcDispatcher(MethodRegistry registry, ObjectMapper mapper, int maxBatchSize) {
    if (maxBatchSize <= 0) {
      throw new IllegalArgumentException("maxBatchSize must be positive, got " + maxBatchSize);
    }
    this.registry = Objects.requireNonNull(registry, "registry");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    // A body holding one JSON value followed by anything else is not valid JSON (section 5.1, parse error).
    this.treeReader = mapper.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.maxBatchSize = maxBatchSize;
  }

  /**
   * Handles one payload.
   *
   * @param body the request body (one JSON value), read to its end
   * @param remoteAddress the caller, or null when unknown
   * @param localCaller whether the transport deems the caller local (loopback address, and not a browser page of
   *     a foreign origin); local-only namespaces answer only local callers
   * @param connection the WebSocket connection the payload came over, or null for HTTP
   * @return the response body, or empty when nothing must be sent (only notifications, section 6)
   */
  public Optional<byte[]> dispatch(
      InputStream body, InetSocketAddress remoteAddress, boolean localCaller, RpcConnection connection) {
    JsonNode root;
    try {
      root = treeReader.readTree(body);
    } catch (JsonProcessingException e) {
      LOG.debug("unparseable JSON-RPC payload from {}: {}", remoteAddress, e.getOriginalMessage());
      return Optional.of(errorResponse(new JsonRpcException(JsonRpcException.PARSE_ERROR, parseErrorMessage(e))));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a JSON-RPC request body failed", e);
    }
    if (root == null || root.isMissingNode()) {
      return Optional.of(
          errorResponse(new JsonRpcException(JsonRpcException.PARSE_ERROR, "parse error: empty request")));
    }
    Caller caller = new Caller(remoteAddress, localCaller, connection);
    if (!root.isArray()) {
      return Optional.ofNullable(handle(root, caller));
    }
    return handleBatch(root, caller);
  }

  /** A response with a null id carrying {@code error}, for failures that precede any request (limits, parse). */
  public byte[] errorResponse(JsonRpcException error) {
    return errorEnvelope(NullNode.getInstance(), error);
  }

  private Optional<byte[]> handleBatch(JsonNode batch, Caller caller) {
    if (batch.isEmpty()) {
      // Section 6: an empty array is one Invalid Request, answered with a single (non-array) response.
      return Optional.of(errorResponse(JsonRpcException.invalidRequest("empty batch")));
    }
    if (batch.size() > maxBatchSize) {
      return Optional.of(errorResponse(JsonRpcException.limitExceeded(
          "batch of " + batch.size() + " requests exceeds the maximum batch size of " + maxBatchSize)));
    }
    List<byte[]> responses = new ArrayList<>(batch.size());
    int bytes = 2;
    for (JsonNode request : batch) {
      byte[] response = handle(request, caller);
      if (response != null) {
        responses.add(response);
        bytes += response.length + 1;
      }
    }
    if (responses.isEmpty()) {
      // Section 6: a batch of notifications gets nothing back, not an empty array.
      return Optional.empty();
    }
    byte[] joined = new byte[bytes - 1];
    joined[0] = '[';
    int position = 1;
    for (int i = 0; i < responses.size(); i++) {
      if (i > 0) {
        joined[position++] = ',';
      }
      byte[] response = responses.get(i);
      System.arraycopy(response, 0, joined, position, response.length);
      position += response.length;
    }
    joined[position] = ']';
    return Optional.of(joined);
  }

  /** Handles one request object; null when it is a valid notification (section 4.1: no response). */
  private byte[] handle(JsonNode request, Caller caller) {
    if (!request.isObject()) {
      return errorResponse(JsonRpcException.invalidRequest(
          "a request must be a JSON object, got " + request.getNodeType().toString().toLowerCase(Locale.ROOT)));
    }
    JsonNode idNode = request.get("id");
    boolean notification = idNode == null;
    if (!notification && !(idNode.isTextual() || idNode.isNumber() || idNode.isNull())) {
      // Section 4: an id is a string, a number or null; when it is neither it cannot be echoed.
      return errorResponse(JsonRpcException.invalidRequest("id must be a string, a number or null"));
    }
    JsonNode id = notification ? NullNode.getInstance() : idNode;
    JsonNode version = request.get("jsonrpc");
    if (version == null || !version.isTextual() || !VERSION.equals(version.textValue())) {
      return errorEnvelope(id, JsonRpcException.invalidRequest("jsonrpc must be exactly \"2.0\""));
    }
    JsonNode methodNode = request.get("method");
    if (methodNode == null || !methodNode.isTextual() || methodNode.textValue().isEmpty()) {
      return errorEnvelope(id, JsonRpcException.invalidRequest("method must be a non-empty string"));
    }
    JsonNode params = request.get("params");
    if (params != null && !params.isNull() && !params.isArray() && !params.isObject()) {
      // Section 4.2: params, when present, is a structured value.
      return errorEnvelope(id, JsonRpcException.invalidRequest("params must be an array or an object"));
    }
    String method = methodNode.textValue();
    try {
      Object result = execute(method, notification ? null : id, params, caller);
      return notification ? null : successEnvelope(id, result, method);
    } catch (JsonRpcException e) {
      LOG.debug("JSON-RPC {} answered error {}: {}", method, e.code(), e.getMessage());
      return notification ? null : errorEnvelope(id, e);
    }
  }

  private Object execute(String methodName, JsonNode id, JsonNode params, Caller caller) throws JsonRpcException {
    JsonRpcMethod method = registry.resolve(methodName, caller.local());
    JsonRpcRequestContext context = new JsonRpcRequestContext(
        methodName, id, params, mapper, caller.remoteAddress(), caller.local(), caller.connection());
    try {
      return method.execute(context);
    } catch (JsonRpcException e) {
      throw e;
    } catch (Exception e) {
      // Never leak internals: the caller learns only that it failed; the operator gets the stack trace.
      LOG.error("JSON-RPC method {} failed for caller {}", methodName, caller.remoteAddress(), e);
      throw JsonRpcException.internalError();
    }
  }

  private byte[] successEnvelope(JsonNode id, Object result, String method) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator generator = mapper.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("jsonrpc", VERSION);
      generator.writeFieldName("id");
      generator.writeTree(id);
      generator.writeFieldName("result");
      mapper.writeValue(generator, result);
      generator.writeEndObject();
    } catch (IOException | RuntimeException e) {
      LOG.error("JSON-RPC method {} returned a result that cannot be serialised ({})", method,
          result == null ? "null" : result.getClass().getName(), e);
      return errorEnvelope(id, JsonRpcException.internalError());
    }
    return out.toByteArray();
  }

  private byte[] errorEnvelope(JsonNode id, JsonRpcException error) {
    try {
      return writeError(id, error, true);
    } catch (IOException | RuntimeException e) {
      LOG.error("JSON-RPC error data of {} cannot be serialised; answering without data", error, e);
      try {
        return writeError(id, error, false);
      } catch (IOException inner) {
        throw new UncheckedIOException("writing a JSON-RPC error to memory failed", inner);
      }
    }
  }

  private byte[] writeError(JsonNode id, JsonRpcException error, boolean withData) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator generator = mapper.createGenerator(out)) {
      generator.writeStartObject();
      generator.writeStringField("jsonrpc", VERSION);
      generator.writeFieldName("id");
      generator.writeTree(id);
      generator.writeObjectFieldStart("error");
      generator.writeNumberField("code", error.code());
      generator.writeStringField("message", error.getMessage());
      if (withData && error.data() != null) {
        generator.writeFieldName("data");
        mapper.writeValue(generator, error.data());
      }
      generator.writeEndObject();
      generator.writeEndObject();
    }
    return out.toByteArray();
  }

  private static String parseErrorMessage(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 0) {
      return "parse error: invalid JSON";
    }
    return "parse error: invalid JSON at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private record Caller(InetSocketAddress remoteAddress, boolean local, RpcConnection connection) {}
}
