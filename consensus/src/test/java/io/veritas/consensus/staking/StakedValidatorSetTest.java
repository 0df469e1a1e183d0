package io.veritas.consensus.staking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.validator.Validator;
import io.veritas.consensus.validator.ValidatorChange;
import io.veritas.consensus.validator.ValidatorSet;
import io.veritas.consensus.vrf.VrfKeyDerivation;
import java.util.List;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class StakedValidatorSetTest {
    private static final Address A = Address.fromHex("0x00000000000000000000000000000000000000aa");
    private static final Address B = Address.fromHex("0x00000000000000000000000000000000000000bb");
    private static final Address C = Address.fromHex("0x00000000000000000000000000000000000000cc");

    private static Bytes key(int n) {
        return Bytes.wrap(VrfKeyDerivation.fromValidatorSecret(UInt256.valueOf(n).toArray()).publicKey());
    }

    @Test
    void membersAreSortedByAddressAndHashedAsDocumented() {
        StakedValidatorSet set = new StakedValidatorSet(5, List.of(new StakedValidator(B, 7, key(2)), new StakedValidator(A, 300, key(1))));
        assertEquals(List.of(A, B), set.members().stream().map(StakedValidator::address).toList());
        // RLP([[A, 300, keyA], [B, 7, keyB]]) by hand: each item = 0xf8 len ‖ 0x94 A ‖ 0x82 012c ‖ 0xa1 key.
        Bytes itemA = Bytes.concatenate(Bytes.fromHexString("0xf83a94"), A.bytes(), Bytes.fromHexString("0x82012ca1"), key(1));
        Bytes itemB = Bytes.concatenate(Bytes.fromHexString("0xf83894"), B.bytes(), Bytes.fromHexString("0x07a1"), key(2));
        Bytes list = Bytes.concatenate(Bytes.fromHexString("0xf876"), itemA, itemB);
        assertEquals(Keccak256.hash(list), set.hash());
        assertEquals(307, set.totalPower());
        assertEquals(List.of(new Validator(CommitCertificates.validator(A), 300), new Validator(CommitCertificates.validator(B), 7)),
                set.validators());
    }

    @Test
    void changesToFeedTheEnginesNextHeight() {
        StakedValidatorSet before = new StakedValidatorSet(1, List.of(
                new StakedValidator(A, 10, key(1)), new StakedValidator(B, 10, key(2))));
        StakedValidatorSet after = new StakedValidatorSet(3, List.of(
                new StakedValidator(A, 10, key(9)), new StakedValidator(C, 30, key(3))));
        List<ValidatorChange> changes = before.changesTo(after);
        assertEquals(List.of(new ValidatorChange(CommitCertificates.validator(C), 30), new ValidatorChange(CommitCertificates.validator(B), 0)),
                changes, "A only changed its VRF key: no engine change");
        ValidatorSet engine = ValidatorSet.of(1, before.validators()).nextHeight(changes);
        assertEquals(after.validators(), engine.validators());
    }

    @Test
    void refusesAnEmptySetAndDuplicates() {
        assertEquals("validator set effective from height 4 is empty",
                assertThrows(IllegalArgumentException.class, () -> new StakedValidatorSet(4, List.of())).getMessage());
        assertEquals("validator " + A + " appears twice in the set effective from 4",
                assertThrows(IllegalArgumentException.class, () -> new StakedValidatorSet(4,
                        List.of(new StakedValidator(A, 1, key(1)), new StakedValidator(A, 2, key(2))))).getMessage());
    }
}
