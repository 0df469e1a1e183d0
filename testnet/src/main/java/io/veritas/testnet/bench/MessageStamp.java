package io.veritas.testnet.bench;

import java.nio.ByteBuffer;

/**
 * What a benchmark gossip message carries so that a receiver in the same JVM can time it: its sequence number (which
 * also makes every payload, and so its content-addressed message id, unique) and the {@link System#nanoTime()} at
 * which it was published. Layout: sequence (8 bytes, big-endian) ‖ sentNanos (8 bytes) ‖ zero padding to the message
 * size.
 */
public record MessageStamp(long sequence, long sentNanos) {
  public static final int LENGTH = 16;

  public MessageStamp {
    if (sequence < 0) {
      throw new IllegalArgumentException("message sequence must not be negative, got " + sequence);
    }
  }

  /** The message of {@code size} bytes (at least {@link #LENGTH}) carrying this stamp. */
  public byte[] encode(int size) {
    if (size < LENGTH) {
      throw new IllegalArgumentException("a stamped message needs at least " + LENGTH + " bytes, asked for " + size);
    }
    byte[] out = new byte[size];
    ByteBuffer.wrap(out).putLong(sequence).putLong(sentNanos);
    return out;
  }

  /** Reads the stamp at the start of a message; throws when the message is shorter than a stamp. */
  public static MessageStamp decode(byte[] message) {
    if (message.length < LENGTH) {
      throw new IllegalArgumentException("a stamped message has at least " + LENGTH + " bytes, got " + message.length);
    }
    ByteBuffer buf = ByteBuffer.wrap(message);
    return new MessageStamp(buf.getLong(), buf.getLong());
  }
}
