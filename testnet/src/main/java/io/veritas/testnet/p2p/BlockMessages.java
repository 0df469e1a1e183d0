package io.veritas.testnet.p2p;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.rlp.Rlp;
import java.util.ArrayList;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.rlp.RLP;

/**
 * The wire forms of the block topic and of range sync:
 *
 * <ul>
 *   <li>announcement (topic {@code /veritas/<chainId>/block/1}): RLP([RLP(block), RLP(certificate)])
 *   <li>sync request ({@code /veritas/sync/blocks/1}): RLP([first block number, count])
 *   <li>sync response: RLP([announcement, ...]) — consecutive blocks from the first asked, possibly fewer
 * </ul>
 */
public final class BlockMessages {
  private BlockMessages() {}

  /** A finalized block with the certificate that finalized it. */
  public record FinalizedBlock(Block block, CommitCertificate certificate) {}

  public record SyncRequest(long from, int count) {}

  public static Bytes encode(FinalizedBlock fb) {
    return RLP.encodeList(w -> {
      w.writeValue(fb.block().encoded());
      w.writeValue(fb.certificate().encoded());
    });
  }

  /** The announcement of a block and certificate given as their RLP encodings (as stored; not re-encoded). */
  public static Bytes encode(Bytes blockRlp, Bytes certificateRlp) {
    return RLP.encodeList(w -> {
      w.writeValue(blockRlp);
      w.writeValue(certificateRlp);
    });
  }

  /** Decodes an announcement; throws {@link io.veritas.chain.rlp.InvalidRlpException} on malformed input. */
  public static FinalizedBlock decodeFinalized(Bytes bytes) {
    return Rlp.decodeList(bytes, "block announcement", r -> new FinalizedBlock(
        Block.decode(Rlp.readBytes(r, "block")), CommitCertificate.decode(Rlp.readBytes(r, "certificate"))));
  }

  public static Bytes encode(SyncRequest request) {
    return RLP.encodeList(w -> {
      w.writeLong(request.from());
      w.writeInt(request.count());
    });
  }

  public static SyncRequest decodeRequest(Bytes bytes) {
    return Rlp.decodeList(bytes, "sync request", r -> new SyncRequest(Rlp.readLong(r, "from"), Rlp.readInt(r, "count")));
  }

  public static Bytes encodeResponse(List<FinalizedBlock> blocks) {
    return RLP.encodeList(w -> blocks.forEach(b -> w.writeValue(encode(b))));
  }

  /** A sync response from announcements already encoded. */
  public static Bytes encodeEncodedResponse(List<Bytes> announcements) {
    return RLP.encodeList(w -> announcements.forEach(w::writeValue));
  }

  public static List<FinalizedBlock> decodeResponse(Bytes bytes) {
    return Rlp.decodeList(bytes, "sync response", r -> {
      List<FinalizedBlock> out = new ArrayList<>();
      while (!r.isComplete()) {
        out.add(decodeFinalized(Rlp.readBytes(r, "announcement")));
      }
      return out;
    });
  }
}
