package io.veritas.consensus.message;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The id of a proposed value: a block's 32-byte hash, or {@link #NIL} (the paper's {@code nil}: "no block").
 */
public record BlockId(byte[] hash) {

    public static final int LENGTH = 32;

    /** The paper's nil. */
    public static final BlockId NIL = new BlockId(new byte[0]);

    public BlockId {
        if (hash == null || (hash.length != LENGTH && hash.length != 0)) {
            throw new IllegalArgumentException("block id must be 32 bytes (or empty for nil), got "
                    + (hash == null ? "null" : hash.length));
        }
        hash = hash.clone();
    }

    public static BlockId of(byte[] hash) {
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException("block id must be 32 bytes, got " + hash.length);
        }
        return new BlockId(hash);
    }

    public static BlockId fromHex(String hex) {
        return of(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
    }

    public boolean isNil() {
        return hash.length == 0;
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Appends the canonical encoding: 0x00 for nil, 0x01 ‖ hash otherwise. */
    void writeTo(java.nio.ByteBuffer out) {
        if (isNil()) {
            out.put((byte) 0);
        } else {
            out.put((byte) 1).put(hash);
        }
    }

    int encodedLength() {
        return 1 + hash.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockId other && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return isNil() ? "nil" : "0x" + HexFormat.of().formatHex(hash);
    }

    /** A short form for logs. */
    public String shortString() {
        return isNil() ? "nil" : HexFormat.of().formatHex(hash, 0, 4);
    }
}
