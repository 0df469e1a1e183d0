package io.veritas.consensus.signing;

import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.Vote;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One signature the validator made: (height, round, step) and what it signed. {@code validRound} is the proposal's
 * valid round for {@link SigningStep#PROPOSE} and −1 for votes. A precommit for a block carries its
 * {@code proofOfLock}: the +2/3 prevotes that made the validator lock (line 36 of the algorithm). After a crash the
 * lock is restored from this record, and without the proof the locked validator could neither re-propose its
 * value nor convince others to unlock, which can stall the height when only it had seen the whole polka.
 */
public record SignatureRecord(long height, int round, SigningStep step, BlockId blockId, int validRound,
        byte[] signature, List<Vote> proofOfLock) {

    /** Order of signing: height, then round, then step. */
    public static final Comparator<SignatureRecord> HRS_ORDER = Comparator.comparingLong(SignatureRecord::height)
            .thenComparingInt(SignatureRecord::round).thenComparing(SignatureRecord::step);

    public SignatureRecord {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(blockId, "blockId");
        Objects.requireNonNull(signature, "signature");
        if (height < 0 || round < 0 || validRound < -1) {
            throw new IllegalArgumentException("bad signature record: height " + height + " round " + round
                    + " validRound " + validRound);
        }
        signature = signature.clone();
        proofOfLock = List.copyOf(proofOfLock);
        if (!proofOfLock.isEmpty() && (step != SigningStep.PRECOMMIT || blockId.isNil())) {
            throw new IllegalArgumentException("only a precommit for a block carries a proof of lock, not " + step
                    + " for " + blockId);
        }
    }

    /** A record without a proof of lock. */
    public SignatureRecord(long height, int round, SigningStep step, BlockId blockId, int validRound,
            byte[] signature) {
        this(height, round, step, blockId, validRound, signature, List.of());
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Negative, zero or positive as this record's (height, round, step) is before, at or after the given one. */
    public int compareHrs(long h, int r, SigningStep s) {
        int c = Long.compare(height, h);
        if (c == 0) {
            c = Integer.compare(round, r);
        }
        if (c == 0) {
            c = step.compareTo(s);
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureRecord r && height == r.height && round == r.round && step == r.step
                && blockId.equals(r.blockId) && validRound == r.validRound && Arrays.equals(signature, r.signature)
                && proofOfLock.equals(r.proofOfLock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(height, round, step, blockId, validRound, Arrays.hashCode(signature), proofOfLock);
    }

    @Override
    public String toString() {
        return "SignatureRecord[h=" + height + " r=" + round + " " + step + " " + blockId.shortString()
                + (step == SigningStep.PROPOSE ? " vr=" + validRound : "") + "]";
    }
}
