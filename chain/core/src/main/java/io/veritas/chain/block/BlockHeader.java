package io.veritas.chain.block;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.receipt.LogsBloom;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.types.Address;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.rlp.RLPWriter;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A Veritas block header. RLP: [parentHash, number, timestamp, proposer, stateRoot, transactionsRoot,
 * receiptsRoot, logsBloom, gasLimit, gasUsed, baseFeePerGas, beacon, vrfProof, validatorsHash, lastCommitHash];
 * the block hash is keccak256 of that encoding.
 *
 * @param timestamp seconds since the Unix epoch
 * @param beacon the randomness beacon after this block: keccak256(previous beacon ‖ VRF output)
 * @param vrfProof the proposer's ECVRF proof over (previous beacon ‖ height); empty in genesis
 * @param validatorsHash hash of the validator set that signs this height
 * @param lastCommitHash {@link CommitCertificate#hash()} of the body's certificate for the parent
 */
public record BlockHeader(
    Bytes32 parentHash,
    long number,
    long timestamp,
    Address proposer,
    Bytes32 stateRoot,
    Bytes32 transactionsRoot,
    Bytes32 receiptsRoot,
    LogsBloom logsBloom,
    long gasLimit,
    long gasUsed,
    UInt256 baseFeePerGas,
    Bytes32 beacon,
    Bytes vrfProof,
    Bytes32 validatorsHash,
    Bytes32 lastCommitHash) {

  public BlockHeader {
    Objects.requireNonNull(parentHash, "parentHash");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(stateRoot, "stateRoot");
    Objects.requireNonNull(transactionsRoot, "transactionsRoot");
    Objects.requireNonNull(receiptsRoot, "receiptsRoot");
    Objects.requireNonNull(logsBloom, "logsBloom");
    Objects.requireNonNull(baseFeePerGas, "baseFeePerGas");
    Objects.requireNonNull(beacon, "beacon");
    Objects.requireNonNull(vrfProof, "vrfProof");
    Objects.requireNonNull(validatorsHash, "validatorsHash");
    Objects.requireNonNull(lastCommitHash, "lastCommitHash");
    if (number < 0) {
      throw new IllegalArgumentException("block number must be >= 0, got " + number);
    }
    if (timestamp < 0) {
      throw new IllegalArgumentException("timestamp must be >= 0, got " + timestamp);
    }
    if (gasLimit < 0) {
      throw new IllegalArgumentException("gas limit must be >= 0, got " + gasLimit);
    }
    if (gasUsed < 0 || gasUsed > gasLimit) {
      throw new IllegalArgumentException("gas used " + gasUsed + " is outside [0, gas limit " + gasLimit + "]");
    }
  }

  public Bytes encoded() {
    return RLP.encodeList(this::writeFields);
  }

  /** keccak256(RLP(header)). */
  public Bytes32 hash() {
    return Keccak256.hash(encoded());
  }

  /**
   * Decodes {@link #encoded()}.
   *
   * @throws InvalidRlpException if the bytes are not a canonical header
   */
  public static BlockHeader decode(Bytes encoded) {
    return Rlp.decodeList(encoded, "block header", BlockHeader::readFields);
  }

  void writeTo(RLPWriter writer) {
    writer.writeList(this::writeFields);
  }

  static BlockHeader readFrom(RLPReader reader) {
    return Rlp.readList(reader, "block header", BlockHeader::readFields);
  }

  private void writeFields(RLPWriter w) {
    w.writeValue(parentHash);
    w.writeLong(number);
    w.writeLong(timestamp);
    w.writeValue(proposer.bytes());
    w.writeValue(stateRoot);
    w.writeValue(transactionsRoot);
    w.writeValue(receiptsRoot);
    w.writeValue(logsBloom.bytes());
    w.writeLong(gasLimit);
    w.writeLong(gasUsed);
    w.writeUInt256(baseFeePerGas);
    w.writeValue(beacon);
    w.writeValue(vrfProof);
    w.writeValue(validatorsHash);
    w.writeValue(lastCommitHash);
  }

  private static BlockHeader readFields(RLPReader r) {
    try {
      return new BlockHeader(
          Rlp.readBytes32(r, "parentHash"),
          Rlp.readLong(r, "number"),
          Rlp.readLong(r, "timestamp"),
          Rlp.readAddress(r, "proposer"),
          Rlp.readBytes32(r, "stateRoot"),
          Rlp.readBytes32(r, "transactionsRoot"),
          Rlp.readBytes32(r, "receiptsRoot"),
          new LogsBloom(Rlp.readFixed(r, "logsBloom", LogsBloom.SIZE)),
          Rlp.readLong(r, "gasLimit"),
          Rlp.readLong(r, "gasUsed"),
          Rlp.readUInt256(r, "baseFeePerGas"),
          Rlp.readBytes32(r, "beacon"),
          Rlp.readBytes(r, "vrfProof"),
          Rlp.readBytes32(r, "validatorsHash"),
          Rlp.readBytes32(r, "lastCommitHash"));
    } catch (IllegalArgumentException e) {
      throw new InvalidRlpException("block header: " + e.getMessage(), e);
    }
  }
}
