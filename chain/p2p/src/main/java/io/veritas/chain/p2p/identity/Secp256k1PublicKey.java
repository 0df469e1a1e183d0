package io.veritas.chain.p2p.identity;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/** A secp256k1 public key; the peer-ids spec signs with ECDSA over SHA-256, DER-encoded. */
public final class Secp256k1PublicKey implements PublicKey {
  private final ECPoint point;
  private final byte[] compressed;

  private Secp256k1PublicKey(ECPoint point) {
    this.point = point.normalize();
    this.compressed = this.point.getEncoded(true);
  }

  static Secp256k1PublicKey of(ECPoint point) {
    return new Secp256k1PublicKey(point);
  }

  /** Accepts the 33-byte compressed form (the spec's) and, leniently, the 65-byte uncompressed form. */
  public static Secp256k1PublicKey fromBytes(byte[] bytes) {
    if (bytes.length != 33 && bytes.length != 65) {
      throw new InvalidKeyException("secp256k1 public key must be 33 or 65 bytes, got " + bytes.length);
    }
    try {
      ECPoint p = Secp256k1PrivateKey.CURVE.getCurve().decodePoint(bytes);
      if (p.isInfinity() || !p.isValid()) {
        throw new InvalidKeyException("secp256k1 public key is not a valid curve point");
      }
      return new Secp256k1PublicKey(p);
    } catch (IllegalArgumentException e) {
      throw new InvalidKeyException("secp256k1 public key is not a valid curve point: " + e.getMessage(), e);
    }
  }

  @Override
  public KeyType type() {
    return KeyType.SECP256K1;
  }

  @Override
  public byte[] raw() {
    return compressed.clone();
  }

  @Override
  public boolean verify(byte[] data, byte[] signature) {
    BigInteger r;
    BigInteger s;
    try (ASN1InputStream in = new ASN1InputStream(signature)) {
      ASN1Primitive obj = in.readObject();
      if (!(obj instanceof ASN1Sequence seq) || seq.size() != 2 || in.available() > 0) {
        return false;
      }
      r = ASN1Integer.getInstance(seq.getObjectAt(0)).getPositiveValue();
      s = ASN1Integer.getInstance(seq.getObjectAt(1)).getPositiveValue();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      return false; // not a DER signature: simply invalid
    }
    SHA256Digest digest = new SHA256Digest();
    digest.update(data, 0, data.length);
    byte[] hash = new byte[32];
    digest.doFinal(hash, 0);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(point, Secp256k1PrivateKey.DOMAIN));
    return verifier.verifySignature(hash, r, s);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secp256k1PublicKey k && Arrays.equals(k.compressed, compressed);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(compressed);
  }

  @Override
  public String toString() {
    return "Secp256k1PublicKey[" + java.util.HexFormat.of().formatHex(compressed) + "]";
  }
}
