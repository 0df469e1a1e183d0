package io.veritas.consensus.wal;

import io.veritas.consensus.signing.VoteRecordStoreException;
import java.nio.file.Path;

/**
 * The vote WAL has a truncated or corrupt record. Signing must stop: the lost record may be a signature that reached
 * the network, so signing again at its height could be a double sign.
 */
public final class WalCorruptedException extends VoteRecordStoreException {

    private final Path path;
    private final long offset;
    private final long lastGoodHeight;

    public WalCorruptedException(Path path, long offset, long lastGoodHeight, String problem) {
        super("vote WAL " + path + " is damaged at byte " + offset + ": " + problem + " (last intact record at height "
                + lastGoodHeight + "); the lost record may be a signature already sent, so the node must not sign "
                + "until it has re-synced past that height and the WAL is moved aside");
        this.path = path;
        this.offset = offset;
        this.lastGoodHeight = lastGoodHeight;
    }

    public Path path() {
        return path;
    }

    /** Byte offset of the first damaged record. */
    public long offset() {
        return offset;
    }

    /** Height of the last intact record, −1 if none. */
    public long lastGoodHeight() {
        return lastGoodHeight;
    }
}
