package io.veritas.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.HexFormat;

/**
 * Ethereum JSON-RPC's hex encodings (execution-apis "hex encoding" rules): QUANTITY is 0x-prefixed, lowest
 * digit count, zero is {@code "0x0"}; DATA is 0x-prefixed with two digits per byte. Parsing failures are
 * {@link JsonRpcException#INVALID_PARAMS} whose message names the parameter ({@code what}) and quotes
 * the offending value.
 */
public final class EthereumHex {

  /** Longest value quoted back in an error message; a 5 MiB blob is not echoed. */
  private static final int MAX_QUOTED_CHARS = 80;
  private static final HexFormat HEX = HexFormat.of();

  private EthereumHex() {}

  // ---- formatting -------------------------------------------------------------------------------------

  /** Encodes a non-negative number as a QUANTITY ({@code 0 -> "0x0"}, {@code 26 -> "0x1a"}). */
  public static String quantity(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("a quantity is non-negative, got " + value);
    }
    return "0x" + Long.toHexString(value);
  }

  /** Encodes a non-negative number as a QUANTITY. */
  public static String quantity(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("a quantity is non-negative, got " + value);
    }
    return "0x" + value.toString(16);
  }

  /** Encodes bytes as DATA ({@code [] -> "0x"}). */
  public static String data(byte[] bytes) {
    return "0x" + HEX.formatHex(bytes);
  }

  // ---- parsing ----------------------------------------------------------------------------------------

  /** Parses a QUANTITY that fits in a signed long (63 bits), e.g. a nonce, gas or block number. */
  public static long quantityLong(JsonNode value, String what) throws JsonRpcException {
    String digits = quantityDigits(value, what);
    if (digits.length() > 16 || (digits.length() == 16 && HexFormat.fromHexDigit(digits.charAt(0)) > 7)) {
      throw JsonRpcException.invalidParams(what + " must be a hex quantity of at most 63 bits, got " + quote(value));
    }
    return Long.parseUnsignedLong(digits, 16);
  }

  /** Parses a QUANTITY of at most 256 bits, e.g. a value in wei. */
  public static BigInteger quantityBig(JsonNode value, String what) throws JsonRpcException {
    String digits = quantityDigits(value, what);
    BigInteger parsed = new BigInteger(digits, 16);
    if (parsed.bitLength() > 256) {
      throw JsonRpcException.invalidParams(what + " must be a hex quantity of at most 256 bits, got " + quote(value));
    }
    return parsed;
  }

  /** Parses DATA of any length: 0x-prefixed, an even number of hex digits ({@code "0x"} is empty). */
  public static byte[] data(JsonNode value, String what) throws JsonRpcException {
    String digits = prefixedHexDigits(value);
    if (digits == null || digits.length() % 2 != 0) {
      throw JsonRpcException.invalidParams(
          what + " must be 0x-prefixed hex data with an even number of digits, got " + quote(value));
    }
    return HEX.parseHex(digits);
  }

  /** Parses DATA of exactly {@code length} bytes, e.g. 20 for an address, 32 for a hash. */
  public static byte[] data(JsonNode value, String what, int length) throws JsonRpcException {
    String digits = prefixedHexDigits(value);
    if (digits == null || digits.length() != 2 * length) {
      throw JsonRpcException.invalidParams(
          what + " must be a 0x-prefixed hex string of " + 2 * length + " digits, got " + quote(value));
    }
    return HEX.parseHex(digits);
  }

  /** Quotes a JSON value for an error message: strings in single quotes, others as JSON, long ones cut. */
  public static String quote(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "nothing";
    }
    String text = value.isTextual() ? "'" + value.textValue() + "'" : value.toString();
    if (text.length() <= MAX_QUOTED_CHARS) {
      return text;
    }
    return text.substring(0, MAX_QUOTED_CHARS) + "...(" + text.length() + " chars)";
  }

  /** The digits of a QUANTITY: at least one, no leading zero unless the value is exactly zero. */
  private static String quantityDigits(JsonNode value, String what) throws JsonRpcException {
    String digits = prefixedHexDigits(value);
    if (digits == null || digits.isEmpty() || (digits.length() > 1 && digits.charAt(0) == '0')) {
      throw JsonRpcException.invalidParams(
          what + " must be a hex quantity (0x-prefixed, no leading zeros, e.g. 0x1a), got " + quote(value));
    }
    return digits;
  }

  /** The hex digits after the 0x prefix, or null when the value is not a 0x-prefixed hex string. */
  private static String prefixedHexDigits(JsonNode value) {
    if (value == null || !value.isTextual()) {
      return null;
    }
    String text = value.textValue();
    if (text.length() < 2 || text.charAt(0) != '0' || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
      return null;
    }
    for (int i = 2; i < text.length(); i++) {
      if (!isAsciiHexDigit(text.charAt(i))) {
        return null;
      }
    }
    return text.substring(2);
  }

  /** ASCII only: {@code Character.digit} would also accept e.g. full-width digits. */
  private static boolean isAsciiHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
