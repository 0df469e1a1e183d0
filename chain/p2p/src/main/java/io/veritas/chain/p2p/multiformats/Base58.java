package io.veritas.chain.p2p.multiformats;

import java.math.BigInteger;
import java.util.Arrays;

/** Base58btc (Bitcoin alphabet), the text form of libp2p peer ids. */
public final class Base58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final int[] INDEXES = new int[128];
  private static final BigInteger FIFTY_EIGHT = BigInteger.valueOf(58);

  static {
    Arrays.fill(INDEXES, -1);
    for (int i = 0; i < ALPHABET.length; i++) {
      INDEXES[ALPHABET[i]] = i;
    }
  }

  private Base58() {}

  public static String encode(byte[] input) {
    int zeros = 0;
    while (zeros < input.length && input[zeros] == 0) {
      zeros++;
    }
    StringBuilder sb = new StringBuilder();
    BigInteger value = new BigInteger(1, input);
    while (value.signum() > 0) {
      BigInteger[] qr = value.divideAndRemainder(FIFTY_EIGHT);
      sb.append(ALPHABET[qr[1].intValue()]);
      value = qr[0];
    }
    for (int i = 0; i < zeros; i++) {
      sb.append(ALPHABET[0]);
    }
    return sb.reverse().toString();
  }

  public static byte[] decode(String input) {
    if (input.isEmpty()) {
      return new byte[0];
    }
    BigInteger value = BigInteger.ZERO;
    int zeros = 0;
    boolean leading = true;
    for (int i = 0; i < input.length(); i++) {
      char c = input.charAt(i);
      int digit = c < 128 ? INDEXES[c] : -1;
      if (digit < 0) {
        throw new IllegalArgumentException("invalid base58 character '" + c + "' at position " + i);
      }
      if (leading && digit == 0) {
        zeros++;
      } else {
        leading = false;
      }
      value = value.multiply(FIFTY_EIGHT).add(BigInteger.valueOf(digit));
    }
    byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
    int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
    byte[] out = new byte[zeros + magnitude.length - skip];
    System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
    return out;
  }
}
