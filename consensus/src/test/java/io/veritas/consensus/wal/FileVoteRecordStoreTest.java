package io.veritas.consensus.wal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.signing.SignatureRecord;
import io.veritas.consensus.signing.SignedVoteGuard;
import io.veritas.consensus.signing.Signer;
import io.veritas.consensus.signing.SigningRefusedException;
import io.veritas.consensus.signing.SigningStep;
import io.veritas.consensus.testing.TestKeys;
import io.veritas.consensus.validator.ValidatorAddress;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileVoteRecordStoreTest {

    private static final long CHAIN = 7357;
    private static final BlockId A = BlockId.fromHex("aa".repeat(32));
    private final Signer signer = new TestKeys().add(ValidatorAddress.fromHex("01".repeat(20)), 7);

    @TempDir
    Path dir;

    private static SignatureRecord record(long h, int r, SigningStep step, BlockId id) {
        return new SignatureRecord(h, r, step, id, step == SigningStep.PROPOSE ? 0 : -1, new byte[] {1, 2, (byte) r});
    }

    @Test
    void replaysAppendedRecordsAfterReopen() throws Exception {
        Path wal = dir.resolve("votes.wal");
        io.veritas.consensus.message.Vote prevote = new io.veritas.consensus.message.Vote(VoteType.PREVOTE, 5, 1, A,
                ValidatorAddress.fromHex("02".repeat(20)), new byte[] {9, 8, 7});
        List<SignatureRecord> written = List.of(record(5, 0, SigningStep.PREVOTE, A),
                record(5, 0, SigningStep.PRECOMMIT, BlockId.NIL), record(5, 1, SigningStep.PROPOSE, A),
                new SignatureRecord(5, 1, SigningStep.PRECOMMIT, A, -1, new byte[] {4}, List.of(prevote)));
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal)) {
            for (SignatureRecord r : written) {
                store.append(r);
            }
        }
        try (FileVoteRecordStore reopened = FileVoteRecordStore.open(wal)) {
            assertEquals(written, reopened.load());
        }
    }

    @Test
    void guardOverFileWalRefusesConflictAfterRestart() throws Exception {
        Path wal = dir.resolve("votes.wal");
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal)) {
            new SignedVoteGuard(signer, store, CHAIN).signVote(VoteType.PRECOMMIT, 8, 2, A);
        }
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal)) {
            SignedVoteGuard guard = new SignedVoteGuard(signer, store, CHAIN);
            assertThrows(SigningRefusedException.class, () -> guard.signVote(VoteType.PRECOMMIT, 8, 2, BlockId.NIL));
        }
    }

    @Test
    void truncatedTailMakesGuardRefuseWithClearMessage() throws Exception {
        Path wal = dir.resolve("votes.wal");
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal)) {
            store.append(record(3, 0, SigningStep.PREVOTE, A));
            store.append(record(3, 0, SigningStep.PRECOMMIT, A));
        }
        long full = Files.size(wal);
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            f.setLength(full - 5); // a crash in the middle of the last append
        }
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal)) {
            WalCorruptedException e = assertThrows(WalCorruptedException.class, store::load);
            assertEquals(3, e.lastGoodHeight());
            assertTrue(e.getMessage().contains("truncated record"), e.getMessage());
            SignedVoteGuard guard = new SignedVoteGuard(signer, store, CHAIN);
            SigningRefusedException refused = assertThrows(SigningRefusedException.class,
                    () -> guard.signVote(VoteType.PREVOTE, 4, 0, A));
            assertTrue(refused.getMessage().contains("vote WAL " + wal), refused.getMessage());
            assertTrue(refused.getMessage().contains("must not sign"), refused.getMessage());
        }
    }

    @Test
    void flippedByteIsDetectedByChecksum() throws Exception {
        Path wal = dir.resolve("votes.wal");
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal)) {
            store.append(record(3, 0, SigningStep.PREVOTE, A));
        }
        byte[] bytes = Files.readAllBytes(wal);
        bytes[bytes.length - 3] ^= 0x10;
        Files.write(wal, bytes);
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal)) {
            WalCorruptedException e = assertThrows(WalCorruptedException.class, store::load);
            assertEquals(FileVoteRecordStore.MAGIC.length, e.offset());
            assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
            assertThrows(WalCorruptedException.class, () -> store.append(record(4, 0, SigningStep.PREVOTE, A)));
        }
    }

    @Test
    void compactsToTheNewHeightOnceLarge() throws Exception {
        Path wal = dir.resolve("votes.wal");
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal, 1024)) {
            long h = 1;
            while (Files.size(wal) <= 1024) {
                store.append(record(h, 0, SigningStep.PREVOTE, A));
                store.append(record(h, 0, SigningStep.PRECOMMIT, A));
                h++;
            }
            store.append(record(h, 0, SigningStep.PREVOTE, BlockId.NIL));
            assertEquals(List.of(record(h, 0, SigningStep.PREVOTE, BlockId.NIL)), store.load());
            store.append(record(h, 0, SigningStep.PRECOMMIT, BlockId.NIL));
            long expectedHeight = h;
            try (FileVoteRecordStore reopened = FileVoteRecordStore.open(wal)) {
                assertEquals(List.of(record(expectedHeight, 0, SigningStep.PREVOTE, BlockId.NIL),
                        record(expectedHeight, 0, SigningStep.PRECOMMIT, BlockId.NIL)), reopened.load());
            }
            assertTrue(Files.size(wal) < 200);
        }
    }

    @Test
    void rejectsFileWithoutHeader() throws Exception {
        Path wal = dir.resolve("votes.wal");
        Files.write(wal, new byte[] {1, 2, 3});
        try (FileVoteRecordStore store = FileVoteRecordStore.open(wal)) {
            WalCorruptedException e = assertThrows(WalCorruptedException.class, store::load);
            assertTrue(e.getMessage().contains("header"), e.getMessage());
        }
    }
}
