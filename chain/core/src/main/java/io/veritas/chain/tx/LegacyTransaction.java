package io.veritas.chain.tx;

import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.crypto.Secp256k1Signer;
import io.veritas.chain.crypto.Signature;
import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A legacy (type 0) transaction: RLP [nonce, gasPrice, gasLimit, to, value, data, v, r, s], with EIP-155
 * replay protection (v = chainId * 2 + 35 + recoveryId) or without it (v = 27 + recoveryId).
 *
 * <p>Build one with {@link #sign(Unsigned, KeyPair)} or {@link TransactionDecoder#decode}; the canonical
 * constructor trusts that {@code sender} is the signer.
 */
public record LegacyTransaction(Unsigned unsigned, Signature signature, Address sender) implements SignedTransaction {
  public static final int TYPE = 0;

  public LegacyTransaction {
    Objects.requireNonNull(unsigned, "unsigned");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(sender, "sender");
  }

  /** The fields a legacy transaction signs. {@code chainId} empty means pre-EIP-155 (no replay protection). */
  public record Unsigned(
      Optional<Long> chainId,
      long nonce,
      UInt256 gasPrice,
      long gasLimit,
      Optional<Address> to,
      UInt256 value,
      Bytes data) {
    public Unsigned {
      Objects.requireNonNull(chainId, "chainId");
      chainId.ifPresent(TransactionFields::requireChainId);
      Objects.requireNonNull(gasPrice, "gasPrice");
      TransactionFields.requireCommon(nonce, to, value, data);
    }

    /** keccak256(RLP([nonce, gasPrice, gasLimit, to, value, data] ‖ EIP-155's [chainId, 0, 0])). */
    public Bytes32 signingHash() {
      return Keccak256.hash(
          RLP.encodeList(
              w -> {
                writeFields(w);
                chainId.ifPresent(
                    id -> {
                      w.writeLong(id);
                      w.writeLong(0);
                      w.writeLong(0);
                    });
              }));
    }

    public LegacyTransaction sign(KeyPair key) {
      return LegacyTransaction.sign(this, key);
    }

    void writeFields(RLPWriter w) {
      Rlp.writeUInt64(w, nonce);
      w.writeUInt256(gasPrice);
      Rlp.writeUInt64(w, gasLimit);
      Rlp.writeOptionalAddress(w, to);
      w.writeUInt256(value);
      w.writeValue(data);
    }
  }

  public static LegacyTransaction sign(Unsigned unsigned, KeyPair key) {
    Signature signature = Secp256k1Signer.sign(unsigned.signingHash(), key);
    return new LegacyTransaction(unsigned, signature, key.address());
  }

  /** The v value as encoded: 27/28, or chainId * 2 + 35/36 under EIP-155. */
  public UInt256 v() {
    return v(unsigned.chainId(), signature.recoveryId());
  }

  static UInt256 v(Optional<Long> chainId, int recoveryId) {
    return chainId
        .map(id -> UInt256.valueOf(id).multiply(2).add(35 + recoveryId))
        .orElse(UInt256.valueOf(27 + recoveryId));
  }

  public UInt256 gasPrice() {
    return unsigned.gasPrice();
  }

  @Override
  public int type() {
    return TYPE;
  }

  @Override
  public Optional<Long> chainId() {
    return unsigned.chainId();
  }

  @Override
  public long nonce() {
    return unsigned.nonce();
  }

  @Override
  public long gasLimit() {
    return unsigned.gasLimit();
  }

  @Override
  public Optional<Address> to() {
    return unsigned.to();
  }

  @Override
  public UInt256 value() {
    return unsigned.value();
  }

  @Override
  public Bytes data() {
    return unsigned.data();
  }

  @Override
  public UInt256 maxFeePerGas() {
    return unsigned.gasPrice();
  }

  @Override
  public UInt256 maxPriorityFeePerGas() {
    return unsigned.gasPrice();
  }

  @Override
  public List<AccessListEntry> accessList() {
    return List.of();
  }

  @Override
  public Bytes32 signingHash() {
    return unsigned.signingHash();
  }

  @Override
  public Bytes encoded() {
    return RLP.encodeList(
        w -> {
          unsigned.writeFields(w);
          w.writeUInt256(v());
          w.writeUInt256(UInt256.fromBytes(signature.r()));
          w.writeUInt256(UInt256.fromBytes(signature.s()));
        });
  }
}
