package io.veritas.inference.sampling;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The counter-based random stream of the sampler, reproducible by any implementation: the uniform value for
 * generated position t is the first 8 bytes of sha256(seed as 8 bytes big-endian ‖ t as 4 bytes big-endian),
 * read as an unsigned 64-bit big-endian integer x, scaled to [0, 1) with 53 bits: (x &gt;&gt;&gt; 11) · 2^-53.
 */
public final class CounterRandom {
  private CounterRandom() {}

  public static double uniform(long seed, int position) {
    byte[] input = new byte[12];
    for (int i = 0; i < 8; i++) {
      input[i] = (byte) (seed >>> (56 - 8 * i));
    }
    for (int i = 0; i < 4; i++) {
      input[8 + i] = (byte) (position >>> (24 - 8 * i));
    }
    byte[] h = sha256().digest(input);
    long x = 0;
    for (int i = 0; i < 8; i++) {
      x = (x << 8) | (h[i] & 0xFF);
    }
    return (x >>> 11) * 0x1.0p-53;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
