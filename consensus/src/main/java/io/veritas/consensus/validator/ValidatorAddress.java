package io.veritas.consensus.validator;

import java.util.Arrays;
import java.util.HexFormat;

/** A validator's 20-byte account address (Ethereum-style: last 20 bytes of keccak256(pubkey)). */
public record ValidatorAddress(byte[] bytes) implements Comparable<ValidatorAddress> {

    public static final int LENGTH = 20;

    public ValidatorAddress {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("validator address must be 20 bytes, got "
                    + (bytes == null ? "null" : bytes.length));
        }
        bytes = bytes.clone();
    }

    public static ValidatorAddress fromHex(String hex) {
        return new ValidatorAddress(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Unsigned lexicographic order, as CometBFT breaks proposer-priority ties (lower address wins). */
    @Override
    public int compareTo(ValidatorAddress o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValidatorAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
