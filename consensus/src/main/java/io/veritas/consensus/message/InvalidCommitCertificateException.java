package io.veritas.consensus.message;

/** A commit certificate does not prove finality; the message says why. */
public final class InvalidCommitCertificateException extends Exception {

    public InvalidCommitCertificateException(String message) {
        super(message);
    }
}
