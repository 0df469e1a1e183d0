package io.veritas.chain.crypto;

import org.apache.tuweni.units.bigints.UInt256;

/** Constants of the secp256k1 curve used by range checks on keys and signatures. */
public final class Secp256k1Curve {
  private Secp256k1Curve() {}

  /** The order n of the curve's base point. */
  public static final UInt256 N =
      UInt256.fromHexString("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

  /** n / 2 (rounded down): EIP-2 requires s <= this in transaction signatures. */
  public static final UInt256 HALF_N = N.divide(2);
}
