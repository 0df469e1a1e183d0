package io.veritas.chain.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Typed reader over a request's {@code params}. Ethereum methods take positional params (a JSON array);
 * JSON-RPC 2.0 also allows by-name params (an object), which this reader serves by {@code name} — so every
 * reader takes both the 0-based position and the name. A JSON {@code null} counts as absent.
 *
 * <p>Every failure is {@link JsonRpcException#INVALID_PARAMS} with a message naming the parameter as
 * {@code param <index> (<name>)}, e.g. {@code invalid params: param 0 (address) must be a 0x-prefixed hex
 * string of 40 digits, got 'abc'}.
 */
public final class JsonRpcParams {

  private final JsonNode params;
  private final ObjectMapper mapper;

  /**
   * @param params the request's {@code params}: an array, an object, or missing/null for none
   * @param mapper the server's mapper, used by {@link #object(int, String, Class)}
   */
  public JsonRpcParams(JsonNode params, ObjectMapper mapper) {
    this.params = params == null || params.isNull() ? MissingNode.getInstance() : params;
    if (!this.params.isMissingNode() && !this.params.isArray() && !this.params.isObject()) {
      throw new IllegalArgumentException("params must be an array, an object or absent, got " + params.getNodeType());
    }
    this.mapper = mapper;
  }

  /** The number of params given (array elements, or members of a by-name object). */
  public int paramCount() {
    return params.size();
  }

  /** Fails when more than {@code max} params were given, like geth's "too many arguments". */
  public void expectAtMost(int max) throws JsonRpcException {
    if (paramCount() > max) {
      throw JsonRpcException.invalidParams("too many params, want at most " + max + ", got " + paramCount());
    }
  }

  /** The raw param, present and not null. */
  public JsonNode required(int index, String name) throws JsonRpcException {
    JsonNode value = lookup(index, name);
    if (value == null) {
      throw JsonRpcException.invalidParams("missing " + describe(index, name));
    }
    return value;
  }

  /** The raw param, or empty when absent or null. */
  public Optional<JsonNode> optional(int index, String name) {
    return Optional.ofNullable(lookup(index, name));
  }

  public long quantityLong(int index, String name) throws JsonRpcException {
    return EthereumHex.quantityLong(required(index, name), describe(index, name));
  }

  public Optional<Long> optionalQuantityLong(int index, String name) throws JsonRpcException {
    JsonNode value = lookup(index, name);
    return value == null ? Optional.empty() : Optional.of(EthereumHex.quantityLong(value, describe(index, name)));
  }

  public BigInteger quantityBig(int index, String name) throws JsonRpcException {
    return EthereumHex.quantityBig(required(index, name), describe(index, name));
  }

  public Optional<BigInteger> optionalQuantityBig(int index, String name) throws JsonRpcException {
    JsonNode value = lookup(index, name);
    return value == null ? Optional.empty() : Optional.of(EthereumHex.quantityBig(value, describe(index, name)));
  }

  /** 0x-prefixed data of any even length, e.g. a signed raw transaction. */
  public byte[] hexBytes(int index, String name) throws JsonRpcException {
    return EthereumHex.data(required(index, name), describe(index, name));
  }

  /** 0x-prefixed data of exactly {@code length} bytes, e.g. 20 for an address or 32 for a hash. */
  public byte[] hexBytes(int index, String name, int length) throws JsonRpcException {
    return EthereumHex.data(required(index, name), describe(index, name), length);
  }

  public Optional<byte[]> optionalHexBytes(int index, String name) throws JsonRpcException {
    JsonNode value = lookup(index, name);
    return value == null ? Optional.empty() : Optional.of(EthereumHex.data(value, describe(index, name)));
  }

  public String string(int index, String name) throws JsonRpcException {
    return asString(required(index, name), index, name);
  }

  public Optional<String> optionalString(int index, String name) throws JsonRpcException {
    JsonNode value = lookup(index, name);
    return value == null ? Optional.empty() : Optional.of(asString(value, index, name));
  }

  public boolean bool(int index, String name) throws JsonRpcException {
    return asBoolean(required(index, name), index, name);
  }

  public Optional<Boolean> optionalBool(int index, String name) throws JsonRpcException {
    JsonNode value = lookup(index, name);
    return value == null ? Optional.empty() : Optional.of(asBoolean(value, index, name));
  }

  /** A JSON object param, e.g. a call or filter object, to read field by field. */
  public JsonNode object(int index, String name) throws JsonRpcException {
    return asObject(required(index, name), index, name);
  }

  public Optional<JsonNode> optionalObject(int index, String name) throws JsonRpcException {
    JsonNode value = lookup(index, name);
    return value == null ? Optional.empty() : Optional.of(asObject(value, index, name));
  }

  /** A JSON object param bound to {@code type} (a record, say) with the server's mapper. */
  public <T> T object(int index, String name, Class<T> type) throws JsonRpcException {
    JsonNode value = object(index, name);
    try {
      return mapper.treeToValue(value, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String detail = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
      throw JsonRpcException.invalidParams(describe(index, name) + " is not a valid " + name + ": " + detail);
    }
  }

  /** How messages name a param: {@code param 0 (address)}. */
  public static String describe(int index, String name) {
    return "param " + index + " (" + name + ")";
  }

  private JsonNode lookup(int index, String name) {
    if (index < 0) {
      throw new IllegalArgumentException("param index must be >= 0, got " + index);
    }
    JsonNode value = params.isObject() ? params.get(name) : params.get(index);
    return value == null || value.isNull() ? null : value;
  }

  private static String asString(JsonNode value, int index, String name) throws JsonRpcException {
    if (!value.isTextual()) {
      throw JsonRpcException.invalidParams(
          describe(index, name) + " must be a string, got " + EthereumHex.quote(value));
    }
    return value.textValue();
  }

  private static boolean asBoolean(JsonNode value, int index, String name) throws JsonRpcException {
    if (!value.isBoolean()) {
      throw JsonRpcException.invalidParams(
          describe(index, name) + " must be a boolean (true or false), got " + EthereumHex.quote(value));
    }
    return value.booleanValue();
  }

  private static JsonNode asObject(JsonNode value, int index, String name) throws JsonRpcException {
    if (!value.isObject()) {
      throw JsonRpcException.invalidParams(
          describe(index, name) + " must be a JSON object, got " + EthereumHex.quote(value));
    }
    return value;
  }
}
