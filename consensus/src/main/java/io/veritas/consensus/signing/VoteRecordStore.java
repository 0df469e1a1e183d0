package io.veritas.consensus.signing;

import java.util.List;

/**
 * Durable log of the validator's own signatures: the crash-safety half of {@link SignedVoteGuard}. A record is
 * durable (fsync'ed) when {@link #append} returns, and the signature is only released after that, so a crash can
 * never lose a signature that reached the network.
 */
public interface VoteRecordStore {

    /**
     * Every retained record in signing order. Must include every record of the highest height recorded; records of
     * lower heights may have been pruned.
     *
     * @throws VoteRecordStoreException when the store cannot be read or is corrupt; the guard then refuses to sign
     */
    List<SignatureRecord> load() throws VoteRecordStoreException;

    /** Appends one record durably (fsync before returning). May prune records of heights below its height. */
    void append(SignatureRecord record) throws VoteRecordStoreException;
}
