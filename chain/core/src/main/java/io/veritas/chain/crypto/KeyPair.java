package io.veritas.chain.crypto;

import io.veritas.chain.types.Address;
import java.security.SecureRandom;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A secp256k1 key pair. The public key is the 64-byte uncompressed point x ‖ y (without the 0x04 prefix), the
 * form Ethereum hashes to derive addresses.
 */
public record KeyPair(Bytes32 secretKey, Bytes publicKey) {
  public static final int PUBLIC_KEY_SIZE = 64;

  public KeyPair {
    Objects.requireNonNull(secretKey, "secretKey");
    Objects.requireNonNull(publicKey, "publicKey");
    requireValidSecret(secretKey);
    if (publicKey.size() != PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException(
          "public key must be " + PUBLIC_KEY_SIZE + " bytes (x ‖ y), got " + publicKey.size());
    }
    if (!Secp256k1Signer.publicKeyOf(secretKey).equals(publicKey)) {
      throw new IllegalArgumentException("public key " + publicKey.toHexString() + " does not match the secret key");
    }
  }

  /** Derives the public key of a secret in [1, n-1]. */
  public static KeyPair fromSecret(Bytes32 secretKey) {
    requireValidSecret(secretKey);
    return new KeyPair(secretKey, Secp256k1Signer.publicKeyOf(secretKey));
  }

  /** A fresh key from the given source of randomness (rejection sampling keeps it uniform in [1, n-1]). */
  public static KeyPair random(SecureRandom random) {
    byte[] candidate = new byte[32];
    while (true) {
      random.nextBytes(candidate);
      Bytes32 secret = Bytes32.wrap(candidate.clone());
      if (isValidSecret(secret)) {
        return fromSecret(secret);
      }
    }
  }

  /** The Ethereum address: the last 20 bytes of keccak256(x ‖ y). */
  public Address address() {
    return Secp256k1Signer.addressOf(publicKey);
  }

  public static boolean isValidSecret(Bytes32 secret) {
    UInt256 value = UInt256.fromBytes(secret);
    return !value.isZero() && value.compareTo(Secp256k1Curve.N) < 0;
  }

  private static void requireValidSecret(Bytes32 secret) {
    if (!isValidSecret(secret)) {
      throw new IllegalArgumentException("secret key must be in [1, n-1] of secp256k1");
    }
  }

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "KeyPair[address=" + address() + "]";
  }
}
