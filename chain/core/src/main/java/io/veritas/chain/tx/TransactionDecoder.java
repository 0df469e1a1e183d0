package io.veritas.chain.tx;

import io.veritas.chain.crypto.InvalidSignatureException;
import io.veritas.chain.crypto.Secp256k1Signer;
import io.veritas.chain.crypto.Signature;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLPReader;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Decodes EIP-2718 transaction envelopes strictly: canonical RLP only, exact field counts, integers without
 * leading zeros and within their width, 20-byte addresses, 32-byte storage keys, valid v / y parity, r and s
 * in range with s at most n/2 (EIP-2), and a recoverable sender. Fork rules that depend on gas (intrinsic gas,
 * fee caps, initcode size, chain id) are {@link TransactionValidity}'s job.
 */
public final class TransactionDecoder {
  private static final UInt256 V_27 = UInt256.valueOf(27);
  private static final UInt256 V_28 = UInt256.valueOf(28);
  private static final UInt256 V_35 = UInt256.valueOf(35);
  private static final UInt256 MAX_CHAIN_ID = UInt256.valueOf(Long.MAX_VALUE);

  private TransactionDecoder() {}

  /**
   * Decodes one transaction that spans all of {@code raw} and recovers its sender.
   *
   * @throws InvalidTransactionException naming the first problem found
   */
  public static Transaction decode(Bytes raw) {
    if (raw.isEmpty()) {
      throw new InvalidTransactionException("malformed RLP: empty transaction");
    }
    int first = raw.get(0) & 0xff;
    // EIP-2718: a first byte in [0xc0, 0xff] starts a legacy RLP list, [0x00, 0x7f] is a type byte.
    if (first >= 0xc0) {
      return decodeLegacy(raw);
    }
    if (first == AccessListTransaction.TYPE) {
      return decodeAccessList(raw.slice(1));
    }
    if (first == DynamicFeeTransaction.TYPE) {
      return decodeDynamicFee(raw.slice(1));
    }
    if (ProtocolTransaction.isProtocolType(first)) {
      throw new InvalidTransactionException(
          String.format("transaction type 0x%02x is a protocol transaction: only blocks carry it, no user may send it", first));
    }
    if (first <= 0x7f) {
      throw new InvalidTransactionException(
          String.format("unsupported transaction type 0x%02x", first));
    }
    throw new InvalidTransactionException(
        String.format(
            "unsupported transaction type: first byte 0x%02x is neither a type (0x00-0x7f) nor an RLP list", first));
  }

  private static LegacyTransaction decodeLegacy(Bytes raw) {
    return rlp(
        raw,
        "legacy transaction",
        r -> {
          long nonce = Rlp.readUInt64(r, "nonce");
          UInt256 gasPrice = Rlp.readUInt256(r, "gasPrice");
          long gasLimit = Rlp.readUInt64(r, "gasLimit");
          Optional<Address> to = Rlp.readOptionalAddress(r, "to");
          UInt256 value = Rlp.readUInt256(r, "value");
          Bytes data = Rlp.readBytes(r, "data");
          UInt256 v = Rlp.readUInt256(r, "v");
          UInt256 sigR = Rlp.readUInt256(r, "r");
          UInt256 sigS = Rlp.readUInt256(r, "s");
          Optional<Long> chainId;
          int recoveryId;
          if (v.equals(V_27) || v.equals(V_28)) {
            chainId = Optional.empty();
            recoveryId = v.intValue() - 27;
          } else if (v.compareTo(V_35) >= 0) {
            // EIP-155: v = chainId * 2 + 35 + recoveryId.
            UInt256 id = v.subtract(V_35).divide(2);
            if (id.isZero() || id.compareTo(MAX_CHAIN_ID) > 0) {
              throw new InvalidTransactionException(
                  "invalid v " + v.toDecimalString() + ": EIP-155 chain id " + id.toDecimalString()
                      + " is outside [1, " + Long.MAX_VALUE + "]");
            }
            chainId = Optional.of(id.toLong());
            recoveryId = v.subtract(V_35).mod(2).intValue();
          } else {
            throw new InvalidTransactionException(
                "invalid v " + v.toDecimalString() + ": must be 27, 28 or chainId * 2 + 35/36 (EIP-155)");
          }
          var unsigned = new LegacyTransaction.Unsigned(chainId, nonce, gasPrice, gasLimit, to, value, data);
          Signature signature = signature(sigR, sigS, recoveryId);
          return new LegacyTransaction(unsigned, signature, recoverSender(unsigned.signingHash(), signature));
        });
  }

  private static AccessListTransaction decodeAccessList(Bytes payload) {
    return rlp(
        payload,
        "EIP-2930 transaction",
        r -> {
          var unsigned =
              new AccessListTransaction.Unsigned(
                  chainId(r),
                  Rlp.readUInt64(r, "nonce"),
                  Rlp.readUInt256(r, "gasPrice"),
                  Rlp.readUInt64(r, "gasLimit"),
                  Rlp.readOptionalAddress(r, "to"),
                  Rlp.readUInt256(r, "value"),
                  Rlp.readBytes(r, "data"),
                  TransactionFields.readAccessList(r));
          Signature signature = typedSignature(r);
          return new AccessListTransaction(unsigned, signature, recoverSender(unsigned.signingHash(), signature));
        });
  }

  private static DynamicFeeTransaction decodeDynamicFee(Bytes payload) {
    return rlp(
        payload,
        "EIP-1559 transaction",
        r -> {
          var unsigned =
              new DynamicFeeTransaction.Unsigned(
                  chainId(r),
                  Rlp.readUInt64(r, "nonce"),
                  Rlp.readUInt256(r, "maxPriorityFeePerGas"),
                  Rlp.readUInt256(r, "maxFeePerGas"),
                  Rlp.readUInt64(r, "gasLimit"),
                  Rlp.readOptionalAddress(r, "to"),
                  Rlp.readUInt256(r, "value"),
                  Rlp.readBytes(r, "data"),
                  TransactionFields.readAccessList(r));
          Signature signature = typedSignature(r);
          return new DynamicFeeTransaction(unsigned, signature, recoverSender(unsigned.signingHash(), signature));
        });
  }

  /** Decodes the single RLP list of {@code bytes}, turning encoding errors into transaction errors. */
  private static <T extends Transaction> T rlp(
      Bytes bytes, String what, java.util.function.Function<RLPReader, T> fields) {
    try {
      return Rlp.decodeList(bytes, what, fields);
    } catch (InvalidRlpException e) {
      throw new InvalidTransactionException("malformed RLP: " + e.getMessage(), e);
    }
  }

  private static long chainId(RLPReader r) {
    return Rlp.readLong(r, "chainId");
  }

  private static Signature typedSignature(RLPReader r) {
    long yParity = Rlp.readUInt64(r, "yParity");
    if (yParity != 0 && yParity != 1) {
      throw new InvalidTransactionException(
          "invalid signature: y parity must be 0 or 1, got " + Long.toUnsignedString(yParity));
    }
    return signature(Rlp.readUInt256(r, "r"), Rlp.readUInt256(r, "s"), (int) yParity);
  }

  private static Signature signature(UInt256 r, UInt256 s, int recoveryId) {
    try {
      return Signature.of(r, s, recoveryId);
    } catch (InvalidSignatureException e) {
      throw new InvalidTransactionException(e.getMessage(), e);
    }
  }

  private static Address recoverSender(Bytes32 signingHash, Signature signature) {
    try {
      return Secp256k1Signer.recoverAddress(signingHash, signature);
    } catch (InvalidSignatureException e) {
      throw new InvalidTransactionException(e.getMessage(), e);
    }
  }

  /**
   * Decodes one transaction of a block body: a user transaction as {@link #decode}, or a {@link
   * ProtocolTransaction}.
   */
  public static Transaction decodeInBlock(Bytes raw) {
    if (!raw.isEmpty() && ProtocolTransaction.isProtocolType(raw.get(0) & 0xff)) {
      return ProtocolTransaction.decodePayload(raw.get(0) & 0xff, raw.slice(1));
    }
    return decode(raw);
  }

  /** Decodes a list of EIP-2718 encodings of a block body (protocol transactions included). */
  public static List<Transaction> decodeAll(List<Bytes> encodings) {
    return encodings.stream().map(TransactionDecoder::decodeInBlock).toList();
  }
}
