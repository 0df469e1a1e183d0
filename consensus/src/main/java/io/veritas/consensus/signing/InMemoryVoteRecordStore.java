package io.veritas.consensus.signing;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link VoteRecordStore} in memory: for tests and the simulation (an instance outliving an engine models the
 * disk surviving a crash). Keeps only the highest height's records. Thread-safe.
 */
public final class InMemoryVoteRecordStore implements VoteRecordStore {

    private final List<SignatureRecord> records = new ArrayList<>();

    @Override
    public synchronized List<SignatureRecord> load() {
        return List.copyOf(records);
    }

    @Override
    public synchronized void append(SignatureRecord record) {
        if (!records.isEmpty() && records.getLast().height() < record.height()) {
            records.clear();
        }
        records.add(record);
    }
}
