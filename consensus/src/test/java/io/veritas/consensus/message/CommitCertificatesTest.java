package io.veritas.consensus.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.block.CommitCertificate;
import io.veritas.consensus.signing.Signer;
import io.veritas.consensus.testing.TestKeys;
import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorAddress;
import io.veritas.consensus.validator.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitCertificatesTest {

    private static final long CHAIN = 7358;
    private static final BlockId ID = BlockId.fromHex("42".repeat(32));

    private final TestKeys keys = new TestKeys();
    private final List<Signer> signers = new ArrayList<>();
    private final ValidatorSet set;

    CommitCertificatesTest() {
        List<Validator> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            byte[] a = new byte[20];
            a[0] = (byte) (i + 1);
            signers.add(keys.add(new ValidatorAddress(a), i));
            members.add(new Validator(new ValidatorAddress(a), 1));
        }
        set = ValidatorSet.of(10, members);
    }

    private Vote precommit(int i, BlockId id) {
        Signer s = signers.get(i);
        return new Vote(VoteType.PRECOMMIT, 10, 2, id, s.address(),
                s.sign(SignBytes.vote(CHAIN, VoteType.PRECOMMIT, 10, 2, id)));
    }

    @Test
    void acceptsThreeOfFourValidPrecommits() throws InvalidCommitCertificateException {
        CommitCertificate c = CommitCertificates.of(10, 2, ID, List.of(precommit(0, ID), precommit(1, ID),
                precommit(3, ID)));
        CommitCertificates.verify(c, set, CHAIN, keys);
        assertEquals(List.of(precommit(0, ID), precommit(1, ID), precommit(3, ID)), CommitCertificates.precommits(c));
        assertEquals(c, CommitCertificate.decode(c.encoded()));
    }

    @Test
    void rejectsTooLittlePowerNonValidatorsAndBadSignatures() {
        assertMessage(CommitCertificates.of(10, 2, ID, List.of(precommit(0, ID), precommit(1, ID))),
                "needs more than 2/3");
        Vote forged = new Vote(VoteType.PRECOMMIT, 10, 2, ID, signers.get(2).address(), precommit(1, ID).signature());
        assertMessage(CommitCertificates.of(10, 2, ID, List.of(precommit(0, ID), precommit(1, ID), forged)),
                "bad signature");
        Signer outsider = keys.add(ValidatorAddress.fromHex("99".repeat(20)), 99);
        Vote stranger = new Vote(VoteType.PRECOMMIT, 10, 2, ID, outsider.address(),
                outsider.sign(SignBytes.vote(CHAIN, VoteType.PRECOMMIT, 10, 2, ID)));
        assertMessage(CommitCertificates.of(10, 2, ID, List.of(precommit(0, ID), precommit(1, ID), stranger)),
                "not a validator");
        assertMessage(CommitCertificate.EMPTY, "no precommits");
        CommitCertificate good = CommitCertificates.of(10, 2, ID, List.of(precommit(0, ID), precommit(1, ID),
                precommit(2, ID)));
        InvalidCommitCertificateException otherChain = assertThrows(InvalidCommitCertificateException.class,
                () -> CommitCertificates.verify(good, set, CHAIN + 1, keys));
        assertTrue(otherChain.getMessage().contains("bad signature"), otherChain.getMessage());
    }

    @Test
    void refusesToBuildFromDuplicatesForeignVotesOrNil() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> CommitCertificates.of(10, 2, ID, List.of(precommit(0, ID), precommit(0, ID), precommit(1, ID))));
        assertTrue(twice.getMessage().contains("signs the commit twice"), twice.getMessage());
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> CommitCertificates.of(10, 2, ID, List.of(precommit(0, ID), precommit(2, BlockId.NIL))));
        assertTrue(foreign.getMessage().contains("foreign vote"), foreign.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CommitCertificates.of(10, 2, BlockId.NIL, List.of()));
    }

    private void assertMessage(CommitCertificate c, String fragment) {
        InvalidCommitCertificateException e = assertThrows(InvalidCommitCertificateException.class,
                () -> CommitCertificates.verify(c, set, CHAIN, keys));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
