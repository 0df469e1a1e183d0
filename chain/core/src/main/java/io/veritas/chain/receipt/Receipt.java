package io.veritas.chain.receipt;

import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/**
 * A transaction receipt in its EIP-2718 form, as hashed into receiptsRoot: RLP [status, cumulativeGasUsed,
 * logsBloom, logs] for type 0, and type byte ‖ that RLP for typed transactions (EIP-658 status: 1 success,
 * empty string failure).
 */
public record Receipt(int type, boolean success, long cumulativeGasUsed, LogsBloom bloom, List<Log> logs) {
  public Receipt {
    if (type < 0 || type > 0x7f) {
      throw new IllegalArgumentException("receipt type must be in [0, 0x7f] (EIP-2718), got " + type);
    }
    if (cumulativeGasUsed < 0) {
      throw new IllegalArgumentException("cumulative gas used must be >= 0, got " + cumulativeGasUsed);
    }
    Objects.requireNonNull(bloom, "bloom");
    logs = List.copyOf(logs);
    if (!bloom.equals(LogsBloom.of(logs))) {
      throw new IllegalArgumentException("receipt bloom does not match its logs");
    }
  }

  /** A receipt with the bloom computed from {@code logs}. */
  public static Receipt of(int type, boolean success, long cumulativeGasUsed, List<Log> logs) {
    return new Receipt(type, success, cumulativeGasUsed, LogsBloom.of(logs), logs);
  }

  public Bytes encoded() {
    Bytes payload =
        RLP.encodeList(
            w -> {
              w.writeValue(success ? Bytes.of(1) : Bytes.EMPTY);
              w.writeLong(cumulativeGasUsed);
              w.writeValue(bloom.bytes());
              w.writeList(logs, (lw, log) -> log.writeTo(lw));
            });
    return type == 0 ? payload : Bytes.concatenate(Bytes.of(type), payload);
  }

  /**
   * Decodes {@link #encoded()}.
   *
   * @throws InvalidRlpException if the bytes are not a canonical receipt
   */
  public static Receipt decode(Bytes encoded) {
    if (encoded.isEmpty()) {
      throw new InvalidRlpException("receipt: empty input");
    }
    int first = encoded.get(0) & 0xff;
    int type;
    Bytes payload;
    if (first >= 0xc0) {
      type = 0;
      payload = encoded;
    } else if (first <= 0x7f) {
      type = first;
      payload = encoded.slice(1);
    } else {
      throw new InvalidRlpException(String.format("receipt: first byte 0x%02x is neither a type nor a list", first));
    }
    return Rlp.decodeList(
        payload,
        "receipt",
        r -> {
          boolean success = Rlp.readBoolean(r, "receipt status");
          long cumulativeGasUsed = Rlp.readLong(r, "receipt cumulativeGasUsed");
          LogsBloom bloom = new LogsBloom(Rlp.readFixed(r, "receipt logsBloom", LogsBloom.SIZE));
          List<Log> logs = Rlp.readListOf(r, "receipt logs", Log::readFrom);
          if (!bloom.equals(LogsBloom.of(logs))) {
            throw new InvalidRlpException("receipt: logsBloom does not match the logs");
          }
          return new Receipt(type, success, cumulativeGasUsed, bloom, logs);
        });
  }
}
