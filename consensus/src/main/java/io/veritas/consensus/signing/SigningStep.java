package io.veritas.consensus.signing;

/** What a signature was for, in the order the algorithm signs them within a round. */
public enum SigningStep {
    PROPOSE((byte) 1),
    PREVOTE((byte) 2),
    PRECOMMIT((byte) 3);

    private final byte code;

    SigningStep(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public static SigningStep fromCode(byte code) {
        for (SigningStep s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown signing step code " + code);
    }
}
