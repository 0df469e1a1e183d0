package io.veritas.consensus.engine;

/** The paper's step_p (line 4). */
public enum Step {
    PROPOSE,
    PREVOTE,
    PRECOMMIT
}
