package io.veritas.chain.p2p.identity;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 public key (js-libp2p's default identity key type). */
public final class Ed25519PublicKey implements PublicKey {
  private final byte[] key;

  private Ed25519PublicKey(byte[] key) {
    this.key = key;
  }

  public static Ed25519PublicKey fromBytes(byte[] bytes) {
    if (bytes.length != Ed25519.PUBLIC_KEY_SIZE) {
      throw new InvalidKeyException("Ed25519 public key must be 32 bytes, got " + bytes.length);
    }
    if (!Ed25519.validatePublicKeyFull(bytes, 0)) {
      throw new InvalidKeyException("Ed25519 public key is not a valid curve point");
    }
    return new Ed25519PublicKey(bytes.clone());
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public byte[] raw() {
    return key.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    if (signature.length != Ed25519.SIGNATURE_SIZE) {
      return false;
    }
    return Ed25519.verify(signature, 0, key, 0, data, 0, data.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519PublicKey k && Arrays.equals(k.key, key);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(key);
  }

  @Override
  public String toString() {
    return "Ed25519PublicKey[" + java.util.HexFormat.of().formatHex(key) + "]";
  }
}
