package io.veritas.consensus.signing;

/** The vote record store cannot be read or written; signing must stop. */
public class VoteRecordStoreException extends Exception {

    public VoteRecordStoreException(String message) {
        super(message);
    }

    public VoteRecordStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
