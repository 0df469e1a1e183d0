package io.veritas.chain.crypto;

import fr.acinq.secp256k1.Secp256k1;
import fr.acinq.secp256k1.Secp256k1Exception;
import io.veritas.chain.types.Address;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * ECDSA over secp256k1 through the native libsecp256k1 (ACINQ's JNI binding), several times faster than the
 * pure-Java implementations for the recovery every transaction needs.
 */
public final class Secp256k1Signer {
  private static final Secp256k1 NATIVE = Secp256k1.get();

  private Secp256k1Signer() {}

  /**
   * Signs a 32-byte message hash. libsecp256k1 derives the nonce by RFC 6979, so the signature is
   * deterministic, and always returns low s (EIP-2).
   */
  public static Signature sign(Bytes32 messageHash, KeyPair key) {
    byte[] message = messageHash.toArrayUnsafe();
    byte[] compact = NATIVE.sign(message, key.secretKey().toArrayUnsafe());
    Bytes32 r = Bytes32.wrap(compact, 0);
    Bytes32 s = Bytes32.wrap(compact, 32);
    // libsecp256k1's plain signing API does not report the recovery id: find the one that yields our key.
    for (int recoveryId = 0; recoveryId <= 1; recoveryId++) {
      byte[] recovered = NATIVE.ecdsaRecover(compact, message, recoveryId);
      if (Bytes.wrap(recovered, 1, KeyPair.PUBLIC_KEY_SIZE).equals(key.publicKey())) {
        return new Signature(r, s, recoveryId);
      }
    }
    // Only possible when the nonce point's x exceeds n (probability ~2^-127); Ethereum cannot express it.
    throw new IllegalStateException("signature needs recovery id 2 or 3, which Ethereum cannot encode");
  }

  /**
   * Recovers the 64-byte public key (x ‖ y) that produced {@code signature} over {@code messageHash}.
   *
   * @throws InvalidSignatureException if s is above n/2 (EIP-2) or no point on the curve matches r
   */
  public static Bytes recoverPublicKey(Bytes32 messageHash, Signature signature) {
    if (!signature.isLowS()) {
      throw new InvalidSignatureException(
          "invalid signature: s " + signature.s().toHexString() + " is above secp256k1n/2 (EIP-2)");
    }
    byte[] recovered;
    try {
      recovered =
          NATIVE.ecdsaRecover(
              signature.compact().toArrayUnsafe(), messageHash.toArrayUnsafe(), signature.recoveryId());
    } catch (Secp256k1Exception e) {
      throw new InvalidSignatureException(
          "invalid signature: no public key can be recovered from r "
              + signature.r().toHexString()
              + " with recovery id "
              + signature.recoveryId(),
          e);
    }
    return Bytes.wrap(recovered, 1, KeyPair.PUBLIC_KEY_SIZE);
  }

  /** The address of the signer; see {@link #recoverPublicKey}. */
  public static Address recoverAddress(Bytes32 messageHash, Signature signature) {
    return addressOf(recoverPublicKey(messageHash, signature));
  }

  /** Verifies that {@code signature} over {@code messageHash} was made by {@code expected}. */
  public static boolean isSignedBy(Bytes32 messageHash, Signature signature, Address expected) {
    try {
      return recoverAddress(messageHash, signature).equals(expected);
    } catch (InvalidSignatureException e) {
      return false;
    }
  }

  /**
   * Plain ECDSA verification (no recovery) against a public key in any SEC1 form: 33 bytes compressed, 65 bytes
   * uncompressed, or our 64-byte x ‖ y. As libsecp256k1 does, a high-s signature does not verify. Used where a
   * protocol ships the key with the signature (e.g. libp2p handshakes).
   */
  public static boolean verify(Bytes32 messageHash, Signature signature, Bytes publicKey) {
    byte[] key =
        publicKey.size() == KeyPair.PUBLIC_KEY_SIZE
            ? Bytes.concatenate(Bytes.of(4), publicKey).toArrayUnsafe()
            : publicKey.toArrayUnsafe();
    try {
      return NATIVE.verify(signature.compact().toArrayUnsafe(), messageHash.toArrayUnsafe(), key);
    } catch (Secp256k1Exception e) {
      throw new InvalidSignatureException("not a valid secp256k1 public key: " + publicKey.toHexString(), e);
    }
  }

  /** The 33-byte SEC1 compressed form of a 64-byte public key (x ‖ y), e.g. for libp2p peer ids. */
  public static Bytes compressPublicKey(Bytes publicKey) {
    if (publicKey.size() != KeyPair.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException(
          "public key must be " + KeyPair.PUBLIC_KEY_SIZE + " bytes, got " + publicKey.size());
    }
    int prefix = (publicKey.get(KeyPair.PUBLIC_KEY_SIZE - 1) & 1) == 0 ? 2 : 3;
    return Bytes.concatenate(Bytes.of(prefix), publicKey.slice(0, 32));
  }

  /**
   * The 64-byte x ‖ y form of a public key given compressed (33 bytes) or uncompressed (65 bytes).
   *
   * @throws InvalidSignatureException if the bytes are not a point on the curve
   */
  public static Bytes decompressPublicKey(Bytes publicKey) {
    try {
      return Bytes.wrap(NATIVE.pubkeyParse(publicKey.toArray()), 1, KeyPair.PUBLIC_KEY_SIZE);
    } catch (Secp256k1Exception | IllegalArgumentException e) {
      throw new InvalidSignatureException("not a valid secp256k1 public key: " + publicKey.toHexString(), e);
    }
  }

  /** The DER (ASN.1) encoding of the signature's r and s, as libp2p and X.509 expect. */
  public static Bytes toDer(Signature signature) {
    return Bytes.wrap(NATIVE.compact2der(signature.compact().toArrayUnsafe()));
  }

  /** The address of a 64-byte public key: the last 20 bytes of its keccak256. */
  public static Address addressOf(Bytes publicKey) {
    if (publicKey.size() != KeyPair.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException(
          "public key must be " + KeyPair.PUBLIC_KEY_SIZE + " bytes, got " + publicKey.size());
    }
    byte[] hash = Keccak256.hash(publicKey.toArrayUnsafe());
    return new Address(Bytes.wrap(hash, 12, Address.SIZE));
  }

  static Bytes publicKeyOf(Bytes32 secretKey) {
    try {
      return Bytes.wrap(NATIVE.pubkeyCreate(secretKey.toArrayUnsafe()), 1, KeyPair.PUBLIC_KEY_SIZE);
    } catch (Secp256k1Exception e) {
      throw new IllegalArgumentException("secret key is not a valid secp256k1 scalar", e);
    }
  }
}
