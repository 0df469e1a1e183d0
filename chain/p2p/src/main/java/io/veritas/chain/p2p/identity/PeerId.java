package io.veritas.chain.p2p.identity;

import io.veritas.chain.p2p.multiformats.Base32;
import io.veritas.chain.p2p.multiformats.Base58;
import io.veritas.chain.p2p.multiformats.Multihash;
import io.veritas.chain.p2p.wire.Varint;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.util.Arrays;
import java.util.Optional;

/**
 * A libp2p peer id (peer-ids spec): the multihash of the public key protobuf — identity for encodings of at most
 * 42 bytes, sha2-256 otherwise. Text forms: base58btc of the multihash, or a CIDv1 with the libp2p-key codec.
 */
public final class PeerId implements Comparable<PeerId> {
  /** Keys whose protobuf is at most this long are inlined with the identity multihash. */
  public static final int MAX_INLINE_KEY_LENGTH = 42;
  private static final int LIBP2P_KEY_CODEC = 0x72;

  private final byte[] bytes;
  private final Multihash multihash;

  private PeerId(Multihash multihash) {
    this.multihash = multihash;
    this.bytes = multihash.encode();
  }

  public static PeerId fromPublicKey(PublicKey key) {
    byte[] pb = key.protobuf();
    return new PeerId(pb.length <= MAX_INLINE_KEY_LENGTH ? Multihash.identity(pb) : Multihash.sha256(pb));
  }

  /** Parses the binary form (a multihash); throws {@link WireFormatException} on anything else. */
  public static PeerId fromBytes(byte[] bytes) {
    Multihash mh = Multihash.decode(bytes);
    if (mh.code() == Multihash.IDENTITY && mh.digest().length > MAX_INLINE_KEY_LENGTH) {
      throw new WireFormatException("identity multihash peer id longer than " + MAX_INLINE_KEY_LENGTH + " bytes");
    }
    return new PeerId(mh);
  }

  /** Parses base58btc ("12D3Koo...", "16Uiu2...", "Qm...") or CIDv1 base32 ("bafz...") text. */
  public static PeerId parse(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("empty peer id");
    }
    try {
      if (text.startsWith("b")) {
        byte[] cid = Base32.decode(text.substring(1));
        long[] version = Varint.decode(cid, 0);
        long[] codec = Varint.decode(cid, (int) version[1]);
        if (version[0] != 1 || codec[0] != LIBP2P_KEY_CODEC) {
          throw new IllegalArgumentException(
              "CID peer id must be CIDv1 with codec libp2p-key (0x72), got version " + version[0] + " codec 0x"
                  + Long.toHexString(codec[0]));
        }
        return fromBytes(Arrays.copyOfRange(cid, (int) (version[1] + codec[1]), cid.length));
      }
      return fromBytes(Base58.decode(text));
    } catch (WireFormatException e) {
      throw new IllegalArgumentException("invalid peer id '" + text + "': " + e.getMessage(), e);
    }
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public Multihash multihash() {
    return multihash;
  }

  /** The public key, when it is inlined (identity multihash). */
  public Optional<PublicKey> publicKey() {
    if (multihash.code() != Multihash.IDENTITY) {
      return Optional.empty();
    }
    return Optional.of(PublicKey.fromProtobuf(multihash.digest()));
  }

  /** Whether {@code key} is the key this id was derived from. */
  public boolean matches(PublicKey key) {
    return equals(fromPublicKey(key));
  }

  public String toBase58() {
    return Base58.encode(bytes);
  }

  public String toCidString() {
    byte[] prefix = {0x01, (byte) LIBP2P_KEY_CODEC};
    byte[] cid = new byte[prefix.length + bytes.length];
    System.arraycopy(prefix, 0, cid, 0, 2);
    System.arraycopy(bytes, 0, cid, 2, bytes.length);
    return "b" + Base32.encode(cid);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId p && Arrays.equals(p.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public int compareTo(PeerId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return toBase58();
  }
}
