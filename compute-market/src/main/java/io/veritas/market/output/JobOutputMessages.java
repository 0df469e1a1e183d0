package io.veritas.market.output;

import io.veritas.chain.rlp.Rlp;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/**
 * The wire form of {@value JobOutputService#PROTOCOL}: request RLP [jobId]; response RLP [1, [token, ...], text]
 * for a job the answering node's provider committed, or RLP [0, [], reason] when it cannot serve it.
 */
public final class JobOutputMessages {
  /** Largest request: one uint256. */
  public static final int MAX_REQUEST_BYTES = 64;
  /** Largest response accepted: tokens of a 2^16-token job plus its text. */
  public static final int MAX_RESPONSE_BYTES = 1 << 20;

  private JobOutputMessages() {}

  /** A job's output as its provider serves it. */
  public record JobOutput(BigInteger jobId, int[] tokens, String text) {
    public JobOutput {
      tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
      return tokens.clone();
    }
  }

  public static Bytes request(BigInteger jobId) {
    return RLP.encodeList(w -> w.writeBigInteger(jobId));
  }

  public static BigInteger decodeRequest(Bytes bytes) {
    return Rlp.decodeList(bytes, "job output request", r -> Rlp.readUInt256(r, "jobId").toBigInteger());
  }

  public static Bytes found(JobOutput output) {
    return RLP.encodeList(w -> {
      w.writeInt(1);
      w.writeList(l -> {
        for (int t : output.tokens()) {
          l.writeLong(t & 0xFFFF_FFFFL);
        }
      });
      w.writeValue(Bytes.wrap(output.text().getBytes(StandardCharsets.UTF_8)));
    });
  }

  public static Bytes notServed(String reason) {
    return RLP.encodeList(w -> {
      w.writeInt(0);
      w.writeList(l -> { });
      w.writeValue(Bytes.wrap(reason.getBytes(StandardCharsets.UTF_8)));
    });
  }

  /** A server's answer: the output, or why it could not serve it. */
  public record Answer(Optional<JobOutput> output, String reason) {}

  public static Answer decodeResponse(BigInteger jobId, Bytes bytes) {
    return Rlp.decodeList(bytes, "job output response", r -> {
      boolean found = Rlp.readBoolean(r, "found");
      List<Long> tokens = Rlp.readListOf(r, "tokens", t -> Rlp.readUInt64(t, "token"));
      String text = new String(Rlp.readBytes(r, "text").toArrayUnsafe(), StandardCharsets.UTF_8);
      if (!found) {
        return new Answer(Optional.empty(), text);
      }
      return new Answer(Optional.of(new JobOutput(jobId, tokens.stream().mapToInt(Long::intValue).toArray(), text)), "");
    });
  }
}
