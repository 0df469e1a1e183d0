package io.veritas.chain.receipt;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * Ethereum's 2048-bit logs bloom filter (yellow paper, M3:2048): every log's address and topics each set three
 * bits, taken from the low 11 bits of the first three byte pairs of their keccak256. Bit b is bit (b mod 8) of
 * byte 255 - b/8 (the filter is one big-endian 2048-bit number).
 */
public record LogsBloom(Bytes bytes) {
  public static final int SIZE = 256;
  public static final LogsBloom EMPTY = new LogsBloom(Bytes.wrap(new byte[SIZE]));

  public LogsBloom {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.size() != SIZE) {
      throw new IllegalArgumentException("logs bloom must be " + SIZE + " bytes, got " + bytes.size());
    }
    bytes = bytes.copy();
  }

  /** The bloom of a receipt's logs (or of a block's, by {@link #or}). */
  public static LogsBloom of(List<Log> logs) {
    if (logs.isEmpty()) {
      return EMPTY;
    }
    byte[] bits = new byte[SIZE];
    for (Log log : logs) {
      add(bits, log.address().bytes());
      for (Bytes32 topic : log.topics()) {
        add(bits, topic);
      }
    }
    return new LogsBloom(Bytes.wrap(bits));
  }

  private static void add(byte[] bits, Bytes item) {
    byte[] hash = Keccak256.hash(item.toArrayUnsafe());
    for (int i = 0; i < 6; i += 2) {
      int bit = ((hash[i] & 0xff) << 8 | (hash[i + 1] & 0xff)) & 2047;
      bits[SIZE - 1 - bit / 8] |= (byte) (1 << (bit % 8));
    }
  }

  public LogsBloom or(LogsBloom other) {
    return new LogsBloom(bytes.or(other.bytes));
  }

  /** False means the logs certainly do not mention {@code address}; true means they may. */
  public boolean mightContain(Address address) {
    return mightContain(address.bytes());
  }

  /** False means the logs certainly do not carry {@code topic}; true means they may. */
  public boolean mightContain(Bytes32 topic) {
    return mightContain((Bytes) topic);
  }

  private boolean mightContain(Bytes item) {
    byte[] probe = new byte[SIZE];
    add(probe, item);
    for (int i = 0; i < SIZE; i++) {
      if ((bytes.get(i) & probe[i]) != probe[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return bytes.toHexString();
  }
}
