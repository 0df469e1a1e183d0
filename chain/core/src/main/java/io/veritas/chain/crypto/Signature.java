package io.veritas.chain.crypto;

import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A recoverable secp256k1 ECDSA signature: r and s in [1, n-1] and the recovery id (0 or 1, the parity of the
 * ephemeral point's y). High s is representable (it occurs in old data and in the Ethereum test vectors);
 * {@link #isLowS()} tells EIP-2 canonical signatures apart and {@link Secp256k1Signer} rejects the others.
 */
public record Signature(Bytes32 r, Bytes32 s, int recoveryId) {
  /** Size of {@link #toBytes()}: r ‖ s ‖ recovery id. */
  public static final int SIZE = 65;

  public Signature {
    Objects.requireNonNull(r, "r");
    Objects.requireNonNull(s, "s");
    if (recoveryId != 0 && recoveryId != 1) {
      throw new InvalidSignatureException("invalid signature: recovery id must be 0 or 1, got " + recoveryId);
    }
    requireInRange("r", r);
    requireInRange("s", s);
  }

  private static void requireInRange(String name, Bytes32 value) {
    UInt256 v = UInt256.fromBytes(value);
    if (v.isZero()) {
      throw new InvalidSignatureException("invalid signature: " + name + " is zero");
    }
    if (v.compareTo(Secp256k1Curve.N) >= 0) {
      throw new InvalidSignatureException(
          "invalid signature: " + name + " " + value.toHexString() + " is not below the curve order n");
    }
  }

  /** Builds a signature from unsigned big-endian integers of at most 32 bytes each. */
  public static Signature of(UInt256 r, UInt256 s, int recoveryId) {
    return new Signature(r.toBytes(), s.toBytes(), recoveryId);
  }

  /** Parses the 65-byte form r ‖ s ‖ recoveryId written by {@link #toBytes()}. */
  public static Signature fromBytes(Bytes bytes) {
    if (bytes.size() != SIZE) {
      throw new InvalidSignatureException("invalid signature: expected " + SIZE + " bytes, got " + bytes.size());
    }
    return new Signature(Bytes32.wrap(bytes.slice(0, 32)), Bytes32.wrap(bytes.slice(32, 32)), bytes.get(64) & 0xff);
  }

  /** r ‖ s ‖ recoveryId, 65 bytes. */
  public Bytes toBytes() {
    return Bytes.concatenate(r, s, Bytes.of(recoveryId));
  }

  /** EIP-2: s must not exceed n/2, which removes the second valid signature (n - s) of every message. */
  public boolean isLowS() {
    return UInt256.fromBytes(s).compareTo(Secp256k1Curve.HALF_N) <= 0;
  }

  /** The 64-byte compact form r ‖ s used by libsecp256k1. */
  Bytes compact() {
    return Bytes.concatenate(r, s);
  }
}
