package io.veritas.inference.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** leaf(t, s) = sha256(t as 4 bytes BE ‖ s as 4 bytes BE ‖ the hidden-state vector as little-endian float32). */
public final class TraceLeaf {
  private final MessageDigest digest = sha256();
  private final ByteBuffer buffer;

  /** A leaf hasher for hidden states of {@code dim} floats; not thread-safe. */
  public TraceLeaf(int dim) {
    this.buffer = ByteBuffer.allocate(8 + 4 * dim).order(ByteOrder.LITTLE_ENDIAN);
  }

  public byte[] hash(int position, int boundary, float[] hidden, int offset) {
    int dim = (buffer.capacity() - 8) / 4;
    buffer.clear();
    buffer.order(ByteOrder.BIG_ENDIAN).putInt(position).putInt(boundary);
    buffer.order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < dim; i++) {
      buffer.putFloat(hidden[offset + i]); // putFloat writes the raw bits: NaN payloads are kept
    }
    digest.reset();
    digest.update(buffer.array(), 0, buffer.position());
    return digest.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
