package io.veritas.chain.p2p.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/** A secp256k1 private key: deterministic (RFC 6979) ECDSA over SHA-256, low-s, DER output. */
public final class Secp256k1PrivateKey implements PrivateKey {
  static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  static final ECDomainParameters DOMAIN =
      new ECDomainParameters(CURVE.getCurve(), CURVE.getG(), CURVE.getN(), CURVE.getH());
  private static final BigInteger HALF_N = CURVE.getN().shiftRight(1);

  private final BigInteger d;
  private final Secp256k1PublicKey publicKey;

  private Secp256k1PrivateKey(BigInteger d) {
    if (d.signum() <= 0 || d.compareTo(CURVE.getN()) >= 0) {
      throw new InvalidKeyException("secp256k1 private key scalar is out of range");
    }
    this.d = d;
    this.publicKey = Secp256k1PublicKey.of(CURVE.getG().multiply(d));
  }

  public static Secp256k1PrivateKey fromBytes(byte[] bytes) {
    if (bytes.length != 32) {
      throw new InvalidKeyException("secp256k1 private key must be 32 bytes, got " + bytes.length);
    }
    return new Secp256k1PrivateKey(new BigInteger(1, bytes));
  }

  public static Secp256k1PrivateKey generate(SecureRandom random) {
    BigInteger d;
    do {
      d = new BigInteger(256, random);
    } while (d.signum() == 0 || d.compareTo(CURVE.getN()) >= 0);
    return new Secp256k1PrivateKey(d);
  }

  @Override
  public KeyType type() {
    return KeyType.SECP256K1;
  }

  @Override
  public Secp256k1PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] raw() {
    return BigIntegers.asUnsignedByteArray(32, d);
  }

  @Override
  public byte[] sign(byte[] data) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(data, 0, data.length);
    byte[] hash = new byte[32];
    digest.doFinal(hash, 0);
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, new ECPrivateKeyParameters(d, DOMAIN));
    BigInteger[] rs = signer.generateSignature(hash);
    BigInteger s = rs[1].compareTo(HALF_N) > 0 ? CURVE.getN().subtract(rs[1]) : rs[1];
    try {
      return new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {new ASN1Integer(rs[0]), new ASN1Integer(s)})
          .getEncoded("DER");
    } catch (IOException e) {
      throw new IllegalStateException("DER encoding of an ECDSA signature failed", e);
    }
  }

  @Override
  public String toString() {
    return "Secp256k1PrivateKey[" + publicKey + "]";
  }
}
