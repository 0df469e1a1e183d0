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
 * An EIP-1559 (type 2) transaction: 0x02 ‖ RLP [chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit,
 * to, value, data, accessList, yParity, r, s].
 *
 * <p>Build one with {@link #sign(Unsigned, KeyPair)} or {@link TransactionDecoder#decode}; the canonical
 * constructor trusts that {@code sender} is the signer.
 */
public record DynamicFeeTransaction(Unsigned unsigned, Signature signature, Address sender)
    implements SignedTransaction {
  public static final int TYPE = 2;

  public DynamicFeeTransaction {
    Objects.requireNonNull(unsigned, "unsigned");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(sender, "sender");
  }

  /** The fields an EIP-1559 transaction signs. */
  public record Unsigned(
      long chainId,
      long nonce,
      UInt256 maxPriorityFeePerGas,
      UInt256 maxFeePerGas,
      long gasLimit,
      Optional<Address> to,
      UInt256 value,
      Bytes data,
      List<AccessListEntry> accessList) {
    public Unsigned {
      TransactionFields.requireChainId(chainId);
      Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
      Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
      TransactionFields.requireCommon(nonce, to, value, data);
      accessList = List.copyOf(accessList);
    }

    /** keccak256(0x02 ‖ RLP([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList])). */
    public Bytes32 signingHash() {
      return Keccak256.hash(Bytes.concatenate(Bytes.of(TYPE), RLP.encodeList(this::writeFields)));
    }

    public DynamicFeeTransaction sign(KeyPair key) {
      return DynamicFeeTransaction.sign(this, key);
    }

    void writeFields(RLPWriter w) {
      w.writeLong(chainId);
      Rlp.writeUInt64(w, nonce);
      w.writeUInt256(maxPriorityFeePerGas);
      w.writeUInt256(maxFeePerGas);
      Rlp.writeUInt64(w, gasLimit);
      Rlp.writeOptionalAddress(w, to);
      w.writeUInt256(value);
      w.writeValue(data);
      TransactionFields.writeAccessList(w, accessList);
    }
  }

  public static DynamicFeeTransaction sign(Unsigned unsigned, KeyPair key) {
    Signature signature = Secp256k1Signer.sign(unsigned.signingHash(), key);
    return new DynamicFeeTransaction(unsigned, signature, key.address());
  }

  @Override
  public int type() {
    return TYPE;
  }

  @Override
  public Optional<Long> chainId() {
    return Optional.of(unsigned.chainId());
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
    return unsigned.maxFeePerGas();
  }

  @Override
  public UInt256 maxPriorityFeePerGas() {
    return unsigned.maxPriorityFeePerGas();
  }

  @Override
  public List<AccessListEntry> accessList() {
    return unsigned.accessList();
  }

  @Override
  public Bytes32 signingHash() {
    return unsigned.signingHash();
  }

  @Override
  public Bytes encoded() {
    return Bytes.concatenate(
        Bytes.of(TYPE),
        RLP.encodeList(
            w -> {
              unsigned.writeFields(w);
              w.writeInt(signature.recoveryId());
              w.writeUInt256(UInt256.fromBytes(signature.r()));
              w.writeUInt256(UInt256.fromBytes(signature.s()));
            }));
  }
}
