package io.veritas.chain.p2p.identity;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** An Ed25519 private key; its libp2p "Data" is seed ‖ public key (64 bytes), as js-libp2p and go-libp2p write it. */
public final class Ed25519PrivateKey implements PrivateKey {
  private final byte[] seed;
  private final Ed25519PublicKey publicKey;

  private Ed25519PrivateKey(byte[] seed) {
    this.seed = seed;
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, pub, 0);
    this.publicKey = Ed25519PublicKey.fromBytes(pub);
  }

  /** Accepts a 32-byte seed or the 64-byte seed ‖ public key form (whose public half must match). */
  public static Ed25519PrivateKey fromBytes(byte[] bytes) {
    if (bytes.length != 32 && bytes.length != 64) {
      throw new InvalidKeyException("Ed25519 private key must be 32 or 64 bytes, got " + bytes.length);
    }
    Ed25519PrivateKey key = new Ed25519PrivateKey(Arrays.copyOf(bytes, 32));
    if (bytes.length == 64 && !Arrays.equals(Arrays.copyOfRange(bytes, 32, 64), key.publicKey.raw())) {
      throw new InvalidKeyException("Ed25519 private key's embedded public key does not match its seed");
    }
    return key;
  }

  public static Ed25519PrivateKey generate(SecureRandom random) {
    byte[] seed = new byte[32];
    random.nextBytes(seed);
    return new Ed25519PrivateKey(seed);
  }

  @Override
  public KeyType type() {
    return KeyType.ED25519;
  }

  @Override
  public Ed25519PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] raw() {
    byte[] out = Arrays.copyOf(seed, 64);
    System.arraycopy(publicKey.raw(), 0, out, 32, 32);
    return out;
  }

  @Override
  public byte[] sign(byte[] data) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, data, 0, data.length, sig, 0);
    return sig;
  }

  @Override
  public String toString() {
    return "Ed25519PrivateKey[" + publicKey + "]";
  }
}
