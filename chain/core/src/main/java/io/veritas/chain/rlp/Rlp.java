package io.veritas.chain.rlp;

import io.veritas.chain.types.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Strict RLP reading on top of Tuweni's non-lenient reader: canonical lengths and single bytes (Tuweni), plus
 * the rules Tuweni leaves to the caller — integers without leading zeros and within their width, fixed-size
 * fields of exactly their size, lists consumed to the end and no bytes after the top-level item. Every error
 * names the field it was reading.
 */
public final class Rlp {
  private Rlp() {}

  /**
   * Decodes {@code input}, which must be exactly one RLP list, with {@code contents} reading its items. The
   * input is copied once up front, so the values read (views into it) stay immutable even if the caller reuses
   * its buffer.
   */
  public static <T> T decodeList(Bytes input, String what, Function<RLPReader, T> contents) {
    if (input.isEmpty()) {
      throw new InvalidRlpException(what + ": empty input");
    }
    try {
      return RLP.decode(
          input.copy(),
          false,
          reader -> {
            if (!reader.nextIsList()) {
              throw new InvalidRlpException(what + ": expected an RLP list, found a string");
            }
            T value = readList(reader, what, contents);
            if (!reader.isComplete()) {
              throw new InvalidRlpException(
                  what + ": " + reader.remaining() + " trailing bytes after the RLP list");
            }
            return value;
          });
    } catch (RLPException e) {
      throw new InvalidRlpException(what + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes one RLP item of any shape spanning all of {@code input}: a {@link Bytes} for a string, a {@code
   * List<Object>} of such for a list.
   */
  public static Object decodeItem(Bytes input) {
    if (input.isEmpty()) {
      throw new InvalidRlpException("RLP item: empty input");
    }
    try {
      return RLP.decode(
          input.copy(),
          false,
          reader -> {
            Object item = readItem(reader);
            if (!reader.isComplete()) {
              throw new InvalidRlpException("RLP item: " + reader.remaining() + " trailing bytes after the item");
            }
            return item;
          });
    } catch (RLPException e) {
      throw new InvalidRlpException("RLP item: " + e.getMessage(), e);
    }
  }

  private static Object readItem(RLPReader reader) {
    if (reader.nextIsList()) {
      return reader.readList(
          false,
          items -> {
            List<Object> out = new ArrayList<>();
            while (!items.isComplete()) {
              out.add(readItem(items));
            }
            return List.copyOf(out);
          });
    }
    return reader.readValue(false);
  }

  /** Reads a nested list whose items {@code contents} must consume completely. */
  public static <T> T readList(RLPReader reader, String field, Function<RLPReader, T> contents) {
    try {
      if (!reader.nextIsList()) {
        throw new InvalidRlpException(field + ": expected an RLP list, found a string");
      }
      return reader.readList(
          false,
          items -> {
            T value = contents.apply(items);
            if (!items.isComplete()) {
              throw new InvalidRlpException(field + ": list has more items than expected");
            }
            return value;
          });
    } catch (RLPException e) {
      throw new InvalidRlpException(field + ": " + e.getMessage(), e);
    }
  }

  /** Reads a list of any length, each item by {@code item}. */
  public static <T> List<T> readListOf(RLPReader reader, String field, Function<RLPReader, T> item) {
    return readList(
        reader,
        field,
        items -> {
          List<T> out = new ArrayList<>();
          while (!items.isComplete()) {
            out.add(item.apply(items));
          }
          return List.copyOf(out);
        });
  }

  /** Reads a byte string (not a list); the result is a view of the decoded input, not a copy. */
  public static Bytes readBytes(RLPReader reader, String field) {
    if (reader.isComplete()) {
      throw new InvalidRlpException(field + ": missing (list has too few items)");
    }
    try {
      if (reader.nextIsList()) {
        throw new InvalidRlpException(field + ": expected a byte string, found a list");
      }
      return reader.readValue(false);
    } catch (RLPException e) {
      throw new InvalidRlpException(field + ": " + e.getMessage(), e);
    }
  }

  /** Reads a canonical unsigned integer of at most {@code maxBytes} bytes (no leading zero byte). */
  public static Bytes readScalar(RLPReader reader, String field, int maxBytes) {
    Bytes value = readBytes(reader, field);
    if (value.size() > 0 && value.get(0) == 0) {
      throw new InvalidRlpException(field + ": integer has leading zero bytes (" + value.toHexString() + ")");
    }
    if (value.size() > maxBytes) {
      throw new InvalidRlpException(
          field + ": integer of " + value.size() + " bytes exceeds " + maxBytes + " bytes");
    }
    return value;
  }

  /** A 64-bit unsigned integer; values of 2^63 and above come back negative (use the unsigned long API). */
  public static long readUInt64(RLPReader reader, String field) {
    Bytes value = readScalar(reader, field, 8);
    return value.isEmpty() ? 0 : value.toLong();
  }

  /** A non-negative integer that fits a signed long. */
  public static long readLong(RLPReader reader, String field) {
    long value = readUInt64(reader, field);
    if (value < 0) {
      throw new InvalidRlpException(
          field + ": " + Long.toUnsignedString(value) + " exceeds the maximum " + Long.MAX_VALUE);
    }
    return value;
  }

  /** A non-negative integer that fits a signed int. */
  public static int readInt(RLPReader reader, String field) {
    long value = readLong(reader, field);
    if (value > Integer.MAX_VALUE) {
      throw new InvalidRlpException(field + ": " + value + " exceeds the maximum " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  public static UInt256 readUInt256(RLPReader reader, String field) {
    Bytes value = readScalar(reader, field, 32);
    return value.isEmpty() ? UInt256.ZERO : UInt256.fromBytes(value);
  }

  /** A byte string of exactly {@code size} bytes. */
  public static Bytes readFixed(RLPReader reader, String field, int size) {
    Bytes value = readBytes(reader, field);
    if (value.size() != size) {
      throw new InvalidRlpException(
          field + ": expected " + size + " bytes, got " + value.size() + (value.size() < size ? " (too short)" : " (too long)"));
    }
    return value;
  }

  public static Bytes32 readBytes32(RLPReader reader, String field) {
    return Bytes32.wrap(readFixed(reader, field, 32));
  }

  public static Address readAddress(RLPReader reader, String field) {
    return new Address(readFixed(reader, field, Address.SIZE));
  }

  /** An address or the empty string (contract creation in a transaction's {@code to}). */
  public static Optional<Address> readOptionalAddress(RLPReader reader, String field) {
    Bytes value = readBytes(reader, field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.size() != Address.SIZE) {
      throw new InvalidRlpException(
          field
              + ": address must be 20 bytes, got "
              + value.size()
              + (value.size() < Address.SIZE ? " (too short)" : " (too long)"));
    }
    return Optional.of(new Address(value));
  }

  /** A boolean written as the integer 0 or 1. */
  public static boolean readBoolean(RLPReader reader, String field) {
    long value = readUInt64(reader, field);
    if (value != 0 && value != 1) {
      throw new InvalidRlpException(field + ": expected 0 or 1, got " + Long.toUnsignedString(value));
    }
    return value == 1;
  }

  /** Writes an unsigned 64-bit integer (values of 2^63 and above are passed as negative longs). */
  public static void writeUInt64(RLPWriter writer, long unsigned) {
    if (unsigned >= 0) {
      writer.writeLong(unsigned);
    } else {
      writer.writeValue(Bytes.ofUnsignedLong(unsigned));
    }
  }

  public static void writeOptionalAddress(RLPWriter writer, Optional<Address> address) {
    writer.writeValue(address.map(Address::bytes).orElse(Bytes.EMPTY));
  }
}
