package io.veritas.chain.block;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.types.Address;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;

/**
 * The precommit signatures that finalized block {@code blockHash} at {@code height} in {@code round}; a block's
 * body carries its parent's. RLP: [height, round, blockHash, [[validator, signature]...]]. Whether the signers
 * hold +2/3 of the voting power is the consensus module's check; here a validator may only appear once.
 */
public record CommitCertificate(long height, int round, Bytes32 blockHash, List<CommitSignature> signatures) {
  /** The certificate of "no parent": carried by block 1 (genesis has no body) and by dev-mode blocks. */
  public static final CommitCertificate EMPTY = new CommitCertificate(0, 0, Bytes32.ZERO, List.of());

  public CommitCertificate {
    if (height < 0) {
      throw new IllegalArgumentException("commit height must be >= 0, got " + height);
    }
    if (round < 0) {
      throw new IllegalArgumentException("commit round must be >= 0, got " + round);
    }
    Objects.requireNonNull(blockHash, "blockHash");
    signatures = List.copyOf(signatures);
    Set<Address> seen = new HashSet<>();
    for (CommitSignature signature : signatures) {
      if (!seen.add(signature.validator())) {
        throw new IllegalArgumentException("validator " + signature.validator() + " signs the commit twice");
      }
    }
  }

  public boolean isEmpty() {
    return signatures.isEmpty();
  }

  public Bytes encoded() {
    return RLP.encodeList(this::writeFields);
  }

  /** keccak256 of {@link #encoded()}; the header's lastCommitHash. */
  public Bytes32 hash() {
    return Keccak256.hash(encoded());
  }

  /**
   * Decodes {@link #encoded()}.
   *
   * @throws InvalidRlpException if the bytes are not a canonical certificate
   */
  public static CommitCertificate decode(Bytes encoded) {
    return Rlp.decodeList(encoded, "commit certificate", CommitCertificate::readFields);
  }

  void writeTo(RLPWriter writer) {
    writer.writeList(this::writeFields);
  }

  static CommitCertificate readFrom(RLPReader reader) {
    return Rlp.readList(reader, "commit certificate", CommitCertificate::readFields);
  }

  private void writeFields(RLPWriter w) {
    w.writeLong(height);
    w.writeInt(round);
    w.writeValue(blockHash);
    w.writeList(signatures, (sw, signature) -> signature.writeTo(sw));
  }

  private static CommitCertificate readFields(RLPReader r) {
    long height = Rlp.readLong(r, "commit height");
    int round = Rlp.readInt(r, "commit round");
    Bytes32 blockHash = Rlp.readBytes32(r, "commit blockHash");
    List<CommitSignature> signatures = Rlp.readListOf(r, "commit signatures", CommitSignature::readFrom);
    try {
      return new CommitCertificate(height, round, blockHash, signatures);
    } catch (IllegalArgumentException e) {
      throw new InvalidRlpException("commit certificate: " + e.getMessage(), e);
    }
  }
}
