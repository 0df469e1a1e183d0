package io.veritas.consensus.vrf;

import java.util.Arrays;
import java.util.HexFormat;

/** A P-256 VRF key pair: 32-byte secret scalar and 33-byte compressed public key. */
public record VrfKeyPair(byte[] secretKey, byte[] publicKey) {

    public VrfKeyPair {
        if (secretKey.length != EcVrf.SECRET_KEY_LENGTH) {
            throw new IllegalArgumentException("VRF secret key must be 32 bytes, got " + secretKey.length);
        }
        if (publicKey.length != EcVrf.PUBLIC_KEY_LENGTH) {
            throw new IllegalArgumentException("VRF public key must be 33 bytes, got " + publicKey.length);
        }
        secretKey = secretKey.clone();
        publicKey = publicKey.clone();
    }

    /** Derives the public key from a secret key. */
    public static VrfKeyPair fromSecret(byte[] secretKey) {
        return new VrfKeyPair(secretKey, EcVrf.publicKey(secretKey));
    }

    @Override
    public byte[] secretKey() {
        return secretKey.clone();
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VrfKeyPair other && Arrays.equals(secretKey, other.secretKey)
                && Arrays.equals(publicKey, other.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "VrfKeyPair[publicKey=" + HexFormat.of().formatHex(publicKey) + "]";
    }
}
