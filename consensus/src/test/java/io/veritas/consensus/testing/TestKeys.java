package io.veritas.consensus.testing;

import io.veritas.consensus.message.VoteVerifier;
import io.veritas.consensus.signing.Signer;
import io.veritas.consensus.validator.ValidatorAddress;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * Test keys for engine tests and the simulation: a keyed 64-bit hash stands in for a signature (fast enough for millions of votes,
 * and still forgery-proof within the simulation: byzantine nodes only hold their own secret). The verifier knows
 * every validator's secret. The hash is laid out as a 65-byte r ‖ s ‖ recovery id with r and s in range, so it fits
 * the chain's commit certificate like a real secp256k1 signature.
 */
public final class TestKeys implements VoteVerifier {

    private final Map<ValidatorAddress, Long> secrets = new HashMap<>();

    public Signer add(ValidatorAddress address, long secret) {
        secrets.put(address, secret);
        return new Signer() {
            @Override
            public ValidatorAddress address() {
                return address;
            }

            @Override
            public byte[] sign(byte[] signBytes) {
                return mac(secret, signBytes);
            }
        };
    }

    @Override
    public boolean verify(ValidatorAddress signer, byte[] signBytes, byte[] signature) {
        Long secret = secrets.get(signer);
        return secret != null && java.util.Arrays.equals(mac(secret, signBytes), signature);
    }

    public static byte[] mac(long secret, byte[] data) {
        long h = secret ^ 0xcbf29ce484222325L;
        for (byte b : data) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        // r = 0x00..01 ‖ h (non-zero, below n), s = 1, recovery id 0.
        return ByteBuffer.allocate(65).put(23, (byte) 1).putLong(24, h).put(63, (byte) 1).array();
    }
}
