package io.veritas.chain.receipt;

import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;

/**
 * An Ethereum-style event log: the emitting account, up to four indexed topics (topic 0 is keccak256 of the
 * event signature) and the ABI-encoded non-indexed data. RLP: [address, [topic...], data].
 */
public record Log(Address address, List<Bytes32> topics, Bytes data) {
  /** As in the EVM's LOG0..LOG4. */
  public static final int MAX_TOPICS = 4;

  public Log {
    Objects.requireNonNull(address, "address");
    topics = List.copyOf(topics);
    Objects.requireNonNull(data, "data");
    if (topics.size() > MAX_TOPICS) {
      throw new IllegalArgumentException("a log has at most " + MAX_TOPICS + " topics, got " + topics.size());
    }
  }

  void writeTo(RLPWriter writer) {
    writer.writeList(
        w -> {
          w.writeValue(address.bytes());
          w.writeList(topics, (tw, topic) -> tw.writeValue(topic));
          w.writeValue(data);
        });
  }

  static Log readFrom(RLPReader reader) {
    return Rlp.readList(
        reader,
        "log",
        r ->
            new Log(
                Rlp.readAddress(r, "log address"),
                Rlp.readListOf(r, "log topics", t -> Rlp.readBytes32(t, "log topic")),
                Rlp.readBytes(r, "log data")));
  }
}
