package io.veritas.consensus.vrf;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

/**
 * ECVRF-P256-SHA256-TAI (RFC 9381, suite string 0x01) on Bouncy Castle's P-256 arithmetic.
 *
 * <p>Proof layout (RFC 9381 §5.1 step 8): {@code point_to_string(Gamma) (33) ‖ int_to_string(c, cLen=16) ‖
 * int_to_string(s, qLen=32)} = 81 bytes. Output {@code beta} is 32 bytes (SHA-256).
 * Nonces follow RFC 6979 §3.2 with SHA-256 (RFC 9381 §5.4.2.1); encode_to_curve is try-and-increment
 * (§5.4.1.1) with {@code encode_to_curve_salt = PK_string}.
 *
 * <p>All methods are stateless and thread-safe.
 */
public final class EcVrf {

    public static final int PROOF_LENGTH = 81;
    public static final int OUTPUT_LENGTH = 32;
    public static final int PUBLIC_KEY_LENGTH = 33;
    public static final int SECRET_KEY_LENGTH = 32;

    private static final byte SUITE = 0x01;
    private static final int C_LEN = 16;
    private static final int Q_LEN = 32;
    private static final int POINT_LEN = 33;

    private static final X9ECParameters P256 = CustomNamedCurves.getByName("P-256");
    private static final ECCurve CURVE = P256.getCurve();
    private static final ECPoint B = P256.getG();
    private static final BigInteger Q = P256.getN();

    private EcVrf() {}

    /** A fresh key pair from the given randomness source; the secret is uniform in [1, q-1]. */
    public static VrfKeyPair generateKeyPair(SecureRandom random) {
        BigInteger x;
        do {
            x = BigIntegers.createRandomBigInteger(256, random);
        } while (x.signum() == 0 || x.compareTo(Q) >= 0);
        byte[] secret = BigIntegers.asUnsignedByteArray(Q_LEN, x);
        return new VrfKeyPair(secret, publicKey(secret));
    }

    /** The compressed SEC1 public key {@code Y = x·B} (33 bytes) of a 32-byte secret key. */
    public static byte[] publicKey(byte[] secretKey) {
        return pointToString(new FixedPointCombMultiplier().multiply(B, secretScalar(secretKey)));
    }

    /**
     * True when {@code publicKey} is a valid ECVRF-P256 public key as verification requires (§5.4.5): 33 bytes,
     * SEC1 compressed, a point on P-256 that is not the identity. Never throws.
     */
    public static boolean isValidPublicKey(byte[] publicKey) {
        return publicKey != null && stringToPoint(publicKey).filter(p -> !p.isInfinity()).isPresent();
    }

    /** ECVRF_prove (RFC 9381 §5.1): the 81-byte proof for {@code alpha} under {@code secretKey}. */
    public static byte[] prove(byte[] secretKey, byte[] alpha) {
        BigInteger x = secretScalar(secretKey);
        ECPoint y = new FixedPointCombMultiplier().multiply(B, x).normalize();
        byte[] pk = pointToString(y);
        // Steps 2-4: H = encode_to_curve(salt = PK_string, alpha); Gamma = x·H.
        ECPoint h = encodeToCurve(pk, alpha);
        byte[] hString = pointToString(h);
        ECPoint gamma = h.multiply(x).normalize();
        // Step 5: k = ECVRF_nonce_generation(SK, h_string), RFC 6979 §3.2 with m = h_string.
        BigInteger k = nonce(x, hString);
        // Steps 6-7: c = challenge(Y, H, Gamma, k·B, k·H); s = (k + c·x) mod q.
        ECPoint u = new FixedPointCombMultiplier().multiply(B, k);
        ECPoint v = h.multiply(k);
        BigInteger c = challenge(y, h, gamma, u, v);
        BigInteger s = k.add(c.multiply(x)).mod(Q);
        byte[] pi = new byte[PROOF_LENGTH];
        System.arraycopy(pointToString(gamma), 0, pi, 0, POINT_LEN);
        System.arraycopy(BigIntegers.asUnsignedByteArray(C_LEN, c), 0, pi, POINT_LEN, C_LEN);
        System.arraycopy(BigIntegers.asUnsignedByteArray(Q_LEN, s), 0, pi, POINT_LEN + C_LEN, Q_LEN);
        return pi;
    }

    /**
     * ECVRF_verify (RFC 9381 §5.3) with full public-key validation (§5.4.5): returns beta when the proof is
     * valid for {@code publicKey} and {@code alpha}, empty otherwise (never throws on malformed input).
     */
    public static Optional<byte[]> verify(byte[] publicKey, byte[] alpha, byte[] proof) {
        if (publicKey == null || alpha == null || proof == null) {
            return Optional.empty();
        }
        Optional<ECPoint> y = stringToPoint(publicKey);
        // §5.4.5: Y must decode, and cofactor·Y (cofactor 1) must not be the identity.
        if (y.isEmpty() || y.get().isInfinity()) {
            return Optional.empty();
        }
        Optional<DecodedProof> decoded = decodeProof(proof);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        DecodedProof d = decoded.get();
        ECPoint h = encodeToCurve(publicKey, alpha);
        // Steps 7-8: U = s·B − c·Y, V = s·H − c·Gamma.
        BigInteger negC = Q.subtract(d.c).mod(Q);
        ECPoint u = ECAlgorithms.sumOfTwoMultiplies(B, d.s, y.get(), negC);
        ECPoint v = ECAlgorithms.sumOfTwoMultiplies(h, d.s, d.gamma, negC);
        BigInteger cPrime = challenge(y.get(), h, d.gamma, u, v);
        if (!cPrime.equals(d.c)) {
            return Optional.empty();
        }
        return Optional.of(gammaToHash(d.gamma));
    }

    /** ECVRF_proof_to_hash (RFC 9381 §5.2): beta for a proof that decodes, empty if it does not. */
    public static Optional<byte[]> proofToHash(byte[] proof) {
        return decodeProof(proof).map(d -> gammaToHash(d.gamma));
    }

    private static byte[] gammaToHash(ECPoint gamma) {
        // beta = Hash(suite ‖ 0x03 ‖ point_to_string(cofactor·Gamma) ‖ 0x00), cofactor = 1.
        SHA256Digest digest = new SHA256Digest();
        digest.update(SUITE);
        digest.update((byte) 0x03);
        byte[] g = pointToString(gamma);
        digest.update(g, 0, g.length);
        digest.update((byte) 0x00);
        byte[] beta = new byte[OUTPUT_LENGTH];
        digest.doFinal(beta, 0);
        return beta;
    }

    private record DecodedProof(ECPoint gamma, BigInteger c, BigInteger s) {}

    /** ECVRF_decode_proof (RFC 9381 §5.4.4): Gamma must decode to a curve point, s must be below q. */
    private static Optional<DecodedProof> decodeProof(byte[] pi) {
        if (pi == null || pi.length != PROOF_LENGTH) {
            return Optional.empty();
        }
        Optional<ECPoint> gamma = stringToPoint(Arrays.copyOfRange(pi, 0, POINT_LEN));
        if (gamma.isEmpty()) {
            return Optional.empty();
        }
        BigInteger c = new BigInteger(1, Arrays.copyOfRange(pi, POINT_LEN, POINT_LEN + C_LEN));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(pi, POINT_LEN + C_LEN, PROOF_LENGTH));
        if (s.compareTo(Q) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new DecodedProof(gamma.get(), c, s));
    }

    /** ECVRF_encode_to_curve_try_and_increment (RFC 9381 §5.4.1.1). */
    private static ECPoint encodeToCurve(byte[] salt, byte[] alpha) {
        byte[] hash = new byte[32];
        byte[] candidate = new byte[POINT_LEN];
        for (int ctr = 0; ctr < 256; ctr++) {
            SHA256Digest digest = new SHA256Digest();
            digest.update(SUITE);
            digest.update((byte) 0x01);
            digest.update(salt, 0, salt.length);
            digest.update(alpha, 0, alpha.length);
            digest.update((byte) ctr);
            digest.update((byte) 0x00);
            digest.doFinal(hash, 0);
            // interpret_hash_value_as_a_point: string_to_point(0x02 ‖ hash), §5.5.
            candidate[0] = 0x02;
            System.arraycopy(hash, 0, candidate, 1, 32);
            Optional<ECPoint> h = stringToPoint(candidate);
            if (h.isPresent()) {
                return h.get();
            }
        }
        // Each attempt succeeds with probability ~1/2; 256 failures has probability 2^-256.
        throw new IllegalStateException("encode_to_curve found no point in 256 attempts");
    }

    /** RFC 6979 §3.2 with SHA-256 over h_string (RFC 9381 §5.4.2.1). */
    private static BigInteger nonce(BigInteger x, byte[] hString) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(hString, 0, hString.length);
        byte[] h1 = new byte[32];
        digest.doFinal(h1, 0);
        HMacDSAKCalculator calculator = new HMacDSAKCalculator(new SHA256Digest());
        calculator.init(Q, x, h1);
        return calculator.nextK();
    }

    /** ECVRF_challenge_generation (RFC 9381 §5.4.3) over the five points (Y, H, Gamma, U, V). */
    private static BigInteger challenge(ECPoint... points) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(SUITE);
        digest.update((byte) 0x02);
        for (ECPoint p : points) {
            byte[] encoded = pointToString(p);
            digest.update(encoded, 0, encoded.length);
        }
        digest.update((byte) 0x00);
        byte[] cString = new byte[32];
        digest.doFinal(cString, 0);
        return new BigInteger(1, Arrays.copyOf(cString, C_LEN));
    }

    private static byte[] pointToString(ECPoint point) {
        return point.getEncoded(true);
    }

    /** string_to_point for 33-byte compressed encodings; rejects other lengths, x ≥ p and non-curve x. */
    private static Optional<ECPoint> stringToPoint(byte[] encoded) {
        if (encoded.length != POINT_LEN || (encoded[0] != 0x02 && encoded[0] != 0x03)) {
            return Optional.empty();
        }
        try {
            ECPoint p = CURVE.decodePoint(encoded);
            return p.isValid() ? Optional.of(p.normalize()) : Optional.empty();
        } catch (IllegalArgumentException notOnCurve) {
            // Bouncy Castle signals "x not in field" / "no square root" this way: the string is not a point.
            return Optional.empty();
        }
    }

    private static BigInteger secretScalar(byte[] secretKey) {
        if (secretKey == null || secretKey.length != SECRET_KEY_LENGTH) {
            throw new IllegalArgumentException("VRF secret key must be " + SECRET_KEY_LENGTH + " bytes, got "
                    + (secretKey == null ? "null" : secretKey.length));
        }
        BigInteger x = new BigInteger(1, secretKey);
        if (x.signum() == 0 || x.compareTo(Q) >= 0) {
            throw new IllegalArgumentException("VRF secret key out of range: must be in [1, q-1] for P-256");
        }
        return x;
    }
}
