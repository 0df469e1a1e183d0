package io.veritas.consensus.signing;

/** The guard refused a signature that could be a double sign (or cannot be made durable); the message says why. */
public final class SigningRefusedException extends Exception {

    public SigningRefusedException(String message) {
        super(message);
    }
}
