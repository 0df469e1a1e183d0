package io.veritas.consensus.wal;

import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.signing.SignatureRecord;
import io.veritas.consensus.signing.SigningStep;
import io.veritas.consensus.signing.VoteRecordStore;
import io.veritas.consensus.signing.VoteRecordStoreException;
import io.veritas.consensus.validator.ValidatorAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of the validator's own signatures (the consensus WAL).
 *
 * <p>Layout: the 8-byte magic {@code "VRTSWAL1"}, then records {@code length u32 ‖ crc32c(payload) u32 ‖ payload},
 * payload = {@code height u64 ‖ round u32 ‖ step u8 ‖ validRound i32 ‖ blockId (0x00 | 0x01 ‖ 32 bytes) ‖
 * sigLength u16 ‖ signature ‖ proofCount u16 ‖ proofCount × (type u8 ‖ height u64 ‖ round u32 ‖ blockId ‖
 * validator 20 bytes ‖ sigLength u16 ‖ signature)}. Each append is forced to disk (fsync) before it returns.
 *
 * <p>On open the file is replayed; a truncated or corrupt record (bad length, short read, checksum mismatch) makes
 * {@link #load()} and {@link #append} throw {@link WalCorruptedException}, so the guard refuses to sign and says why.
 * The file is never repaired automatically. When a record of a new height is appended and the file has grown past
 * {@link #COMPACT_THRESHOLD} bytes, it is rewritten with that height's records only (write temp, fsync, atomic
 * rename, fsync directory), so a crash at any point leaves either the old or the new file.
 *
 * <p>Thread-safe (synchronized); one instance per file per process.
 */
public final class FileVoteRecordStore implements VoteRecordStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileVoteRecordStore.class);

    static final byte[] MAGIC = "VRTSWAL1".getBytes(StandardCharsets.US_ASCII);
    static final int COMPACT_THRESHOLD = 64 * 1024;
    /** A record with a proof of lock holds up to one prevote per validator (~200 bytes each). */
    private static final int MAX_PAYLOAD = 4 << 20;

    private final Path path;
    private final long compactThreshold;
    private final List<SignatureRecord> records = new ArrayList<>();
    private WalCorruptedException corruption;
    private FileChannel channel;
    private long size;

    private FileVoteRecordStore(Path path, long compactThreshold) {
        this.path = path;
        this.compactThreshold = compactThreshold;
    }

    /**
     * Opens (creating if absent) the WAL at {@code path} and replays it.
     *
     * @throws VoteRecordStoreException when the file cannot be read or created (damage is reported by load instead)
     */
    public static FileVoteRecordStore open(Path path) throws VoteRecordStoreException {
        return open(path, COMPACT_THRESHOLD);
    }

    /** As {@link #open(Path)} with another compaction threshold (tests). */
    static FileVoteRecordStore open(Path path, long compactThreshold) throws VoteRecordStoreException {
        FileVoteRecordStore store = new FileVoteRecordStore(path, compactThreshold);
        try {
            if (!Files.exists(path)) {
                writeFile(path, List.of());
            }
            store.replay(Files.readAllBytes(path));
            if (store.corruption == null) {
                store.channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            } else {
                LOG.error("{}", store.corruption.getMessage());
            }
        } catch (IOException e) {
            throw new VoteRecordStoreException("cannot open vote WAL " + path + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void replay(byte[] data) {
        if (data.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(data, MAGIC.length), MAGIC)) {
            corruption = new WalCorruptedException(path, 0, -1, "missing or wrong file header");
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        in.position(MAGIC.length);
        while (in.hasRemaining()) {
            long offset = in.position();
            long lastGood = records.isEmpty() ? -1 : records.getLast().height();
            if (in.remaining() < 8) {
                corruption = new WalCorruptedException(path, offset, lastGood, "truncated record header");
                return;
            }
            int length = in.getInt();
            int crc = in.getInt();
            if (length <= 0 || length > MAX_PAYLOAD) {
                corruption = new WalCorruptedException(path, offset, lastGood, "impossible record length " + length);
                return;
            }
            if (in.remaining() < length) {
                corruption = new WalCorruptedException(path, offset, lastGood, "truncated record: " + length
                        + " bytes announced, " + in.remaining() + " present");
                return;
            }
            byte[] payload = new byte[length];
            in.get(payload);
            if (crc32c(payload) != crc) {
                corruption = new WalCorruptedException(path, offset, lastGood, "checksum mismatch");
                return;
            }
            try {
                records.add(decode(payload));
            } catch (RuntimeException e) {
                corruption = new WalCorruptedException(path, offset, lastGood, "undecodable record: " + e.getMessage());
                return;
            }
        }
        size = data.length;
    }

    @Override
    public synchronized List<SignatureRecord> load() throws WalCorruptedException {
        if (corruption != null) {
            throw corruption;
        }
        return List.copyOf(records);
    }

    @Override
    public synchronized void append(SignatureRecord record) throws VoteRecordStoreException {
        if (corruption != null) {
            throw corruption;
        }
        if (channel == null) {
            throw new VoteRecordStoreException("vote WAL " + path + " is closed");
        }
        try {
            boolean newHeight = !records.isEmpty() && records.getLast().height() < record.height();
            if (newHeight && size > compactThreshold) {
                compactTo(record);
                return;
            }
            ByteBuffer frame = frame(record);
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
            channel.force(true);
            size += frame.capacity();
            records.add(record);
        } catch (IOException e) {
            throw new VoteRecordStoreException("cannot write vote WAL " + path + ": " + e.getMessage(), e);
        }
    }

    /** Rewrites the file with just {@code first} (the first record of a new height). */
    private void compactTo(SignatureRecord first) throws IOException {
        channel.close();
        channel = null;
        Path temp = path.resolveSibling(path.getFileName() + ".compact");
        writeFile(temp, List.of(first));
        try {
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically; WAL compaction would be unsafe", e);
        }
        forceDirectory(path.toAbsolutePath().getParent());
        records.clear();
        records.add(first);
        size = Files.size(path);
        channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        LOG.debug("compacted vote WAL {} to height {}", path, first.height());
    }

    private static void writeFile(Path file, List<SignatureRecord> content) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.wrap(MAGIC);
            while (header.hasRemaining()) {
                out.write(header);
            }
            for (SignatureRecord r : content) {
                ByteBuffer frame = frame(r);
                while (frame.hasRemaining()) {
                    out.write(frame);
                }
            }
            out.force(true);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            forceDirectory(parent);
        }
    }

    private static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    static ByteBuffer frame(SignatureRecord r) {
        byte[] payload = encode(r);
        ByteBuffer frame = ByteBuffer.allocate(8 + payload.length);
        frame.putInt(payload.length).putInt(crc32c(payload)).put(payload).flip();
        return frame;
    }

    static byte[] encode(SignatureRecord r) {
        int size = 8 + 4 + 1 + 4 + 33 + 2 + r.signature().length + 2;
        for (Vote v : r.proofOfLock()) {
            size += 1 + 8 + 4 + 33 + ValidatorAddress.LENGTH + 2 + v.signature().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(r.height()).putInt(r.round()).put(r.step().code()).putInt(r.validRound());
        putBlockId(b, r.blockId());
        putSignature(b, r.signature());
        b.putShort((short) r.proofOfLock().size());
        for (Vote v : r.proofOfLock()) {
            b.put(v.type().code()).putLong(v.height()).putInt(v.round());
            putBlockId(b, v.blockId());
            b.put(v.validator().bytes());
            putSignature(b, v.signature());
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    static SignatureRecord decode(byte[] payload) {
        ByteBuffer b = ByteBuffer.wrap(payload);
        long height = b.getLong();
        int round = b.getInt();
        SigningStep step = SigningStep.fromCode(b.get());
        int validRound = b.getInt();
        BlockId blockId = getBlockId(b);
        byte[] sig = getSignature(b);
        int proofCount = Short.toUnsignedInt(b.getShort());
        List<Vote> proof = new ArrayList<>(proofCount);
        for (int i = 0; i < proofCount; i++) {
            byte typeCode = b.get();
            VoteType type = switch (typeCode) {
                case 1 -> VoteType.PREVOTE;
                case 2 -> VoteType.PRECOMMIT;
                default -> throw new IllegalArgumentException("bad vote type " + typeCode);
            };
            long voteHeight = b.getLong();
            int voteRound = b.getInt();
            BlockId voteBlock = getBlockId(b);
            byte[] validator = new byte[ValidatorAddress.LENGTH];
            b.get(validator);
            proof.add(new Vote(type, voteHeight, voteRound, voteBlock, new ValidatorAddress(validator), getSignature(b)));
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException(b.remaining() + " trailing bytes");
        }
        return new SignatureRecord(height, round, step, blockId, validRound, sig, proof);
    }

    private static void putBlockId(ByteBuffer b, BlockId id) {
        byte[] hash = id.hash();
        b.put((byte) (hash.length == 0 ? 0 : 1)).put(hash);
    }

    private static BlockId getBlockId(ByteBuffer b) {
        byte flag = b.get();
        if (flag == 0) {
            return BlockId.NIL;
        }
        if (flag != 1) {
            throw new IllegalArgumentException("bad block id flag " + flag);
        }
        byte[] hash = new byte[BlockId.LENGTH];
        b.get(hash);
        return BlockId.of(hash);
    }

    private static void putSignature(ByteBuffer b, byte[] sig) {
        b.putShort((short) sig.length).put(sig);
    }

    private static byte[] getSignature(ByteBuffer b) {
        byte[] sig = new byte[Short.toUnsignedInt(b.getShort())];
        b.get(sig);
        return sig;
    }

    private static int crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return (int) crc.getValue();
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
