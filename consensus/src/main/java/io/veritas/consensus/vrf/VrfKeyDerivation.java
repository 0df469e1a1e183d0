package io.veritas.consensus.vrf;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.util.BigIntegers;

/**
 * A validator's VRF key pair derived deterministically from its secp256k1 secret key, so a validator needs one key
 * file, not two, and {@code testnet init} can write a genesis with every validator's VRF public key.
 *
 * <p>Derivation (version 1): for counter c = 0, 1, 2, …: {@code x = HMAC-SHA256(key = "veritas-vrf-key-v1",
 * secp256k1Secret ‖ uint8(c))} read as a big-endian integer; the first x in [1, q−1] (q = the P-256 group order) is
 * the VRF secret. HMAC-SHA256 is one-way, so the VRF secret (used only for VRF proofs) reveals nothing about the
 * account key; P-256's order is close to 2^256, so c = 0 almost always succeeds (failure chance ≈ 2^-32).
 */
public final class VrfKeyDerivation {

    private static final byte[] DOMAIN = "veritas-vrf-key-v1".getBytes(StandardCharsets.US_ASCII);
    private static final BigInteger Q = org.bouncycastle.crypto.ec.CustomNamedCurves.getByName("P-256").getN();

    private VrfKeyDerivation() {}

    /** The VRF key pair of the validator whose secp256k1 secret key is {@code secp256k1Secret} (32 bytes). */
    public static VrfKeyPair fromValidatorSecret(byte[] secp256k1Secret) {
        if (secp256k1Secret == null || secp256k1Secret.length != 32) {
            throw new IllegalArgumentException("a secp256k1 secret key is 32 bytes, got "
                    + (secp256k1Secret == null ? "null" : secp256k1Secret.length));
        }
        for (int counter = 0; counter < 256; counter++) {
            HMac mac = new HMac(new SHA256Digest());
            mac.init(new KeyParameter(DOMAIN));
            mac.update(secp256k1Secret, 0, secp256k1Secret.length);
            mac.update((byte) counter);
            byte[] candidate = new byte[32];
            mac.doFinal(candidate, 0);
            BigInteger x = BigIntegers.fromUnsignedByteArray(candidate);
            if (x.signum() > 0 && x.compareTo(Q) < 0) {
                return VrfKeyPair.fromSecret(candidate);
            }
        }
        // 256 consecutive HMAC outputs ≥ q has probability about 2^-8192: this is a broken HMAC, not bad luck.
        throw new IllegalStateException("no VRF secret in range after 256 attempts");
    }
}
