package io.veritas.consensus.engine;

/** The three timeouts of the algorithm (lines 21, 35, 48 schedule them; lines 57, 61, 65 handle them). */
public enum TimeoutKind {
    PROPOSE,
    PREVOTE,
    PRECOMMIT
}
