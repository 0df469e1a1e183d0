package io.veritas.consensus.message;

/** The two vote kinds of the algorithm; the code is what {@link SignBytes} encodes. */
public enum VoteType {
    PREVOTE((byte) 1),
    PRECOMMIT((byte) 2);

    private final byte code;

    VoteType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }
}
