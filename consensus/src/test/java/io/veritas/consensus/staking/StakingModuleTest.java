package io.veritas.consensus.staking;

import static io.veritas.consensus.staking.StakingChain.ETH;
import static io.veritas.consensus.staking.StakingChain.key;
import static io.veritas.consensus.staking.StakingChain.vrfKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.veritas.chain.block.Block;
import io.veritas.chain.block.BlockHeader;
import io.veritas.chain.block.CommitCertificate;
import io.veritas.chain.crypto.KeyPair;
import io.veritas.chain.execution.InvalidBlockException;
import io.veritas.chain.trie.OrderedListTrie;
import io.veritas.chain.module.AbiSignature;
import io.veritas.chain.receipt.Log;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.tx.Transaction;
import io.veritas.chain.types.Address;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteType;
import io.veritas.consensus.signing.Secp256k1Signer;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

class StakingModuleTest {
    static final StakingParameters PARAMS = new StakingParameters(ETH.multiply(10), 3, 10, 5, 500, 20);
    static final KeyPair V1 = key(1);
    static final KeyPair V2 = key(2);
    static final KeyPair V3 = key(3);
    static final KeyPair NEWCOMER = key(4);
    static final KeyPair OUTSIDER = key(5);
    static final List<KeyPair> FUNDED = List.of(V1, V2, V3, NEWCOMER, OUTSIDER);
    static final List<GenesisStake> GENESIS = List.of(
            StakingChain.genesisStake(V1, ETH.multiply(100)),
            StakingChain.genesisStake(V2, ETH.multiply(200)),
            StakingChain.genesisStake(V3, ETH.multiply(300)));
    static final BlockId BLOCK_X = BlockId.of(filled(0x11));
    static final BlockId BLOCK_Y = BlockId.of(filled(0x22));

    private static StakingChain chain() {
        return new StakingChain(PARAMS, GENESIS, FUNDED);
    }

    private static byte[] filled(int b) {
        byte[] out = new byte[32];
        java.util.Arrays.fill(out, (byte) b);
        return out;
    }

    static StakedValidator member(KeyPair key, UInt256 stake) {
        return new StakedValidator(key.address(), stake.divide(StakingParameters.POWER_UNIT_WEI).toLong(), vrfKey(key));
    }

    static Function stake(Bytes vrfKey) {
        return new Function("stake", List.of(new DynamicBytes(vrfKey.toArray())), List.of());
    }

    static Function unstake(UInt256 amount) {
        return new Function("unstake", List.of(new Uint256(amount.toBigInteger())), List.of());
    }

    static Function withdraw() {
        return new Function("withdraw", List.of(), List.of());
    }

    static Vote vote(KeyPair signer, KeyPair claimed, long chainId, VoteType type, long height, int round, BlockId id) {
        byte[] signature = new Secp256k1Signer(signer).sign(SignBytes.vote(chainId, type, height, round, id));
        return new Vote(type, height, round, id, CommitCertificates.validator(claimed.address()), signature);
    }

    static DoubleSignEvidence doubleSign(KeyPair key, VoteType type, long height) {
        return new DoubleSignEvidence(vote(key, key, StakingChain.CHAIN_ID, type, height, 0, BLOCK_X),
                vote(key, key, StakingChain.CHAIN_ID, type, height, 0, BLOCK_Y));
    }

    private static List<StakedValidator> sorted(StakedValidator... members) {
        return new StakedValidatorSet(1, List.of(members)).members();
    }

    // ---- genesis

    @Test
    void genesisWritesRecordsTheBondedWeiAndTheSetOfHeightOne() {
        StakingChain chain = chain();
        StakedValidatorSet set = StakingState.validatorSetAt(chain.state(), 1);
        assertEquals(1, set.effectiveFrom());
        assertEquals(sorted(member(V1, ETH.multiply(100)), member(V2, ETH.multiply(200)), member(V3, ETH.multiply(300))), set.members());
        assertEquals(600_000_000_000L, set.totalPower());
        assertEquals(set, StakingState.validatorSetAt(chain.state(), 1_000_000));
        assertEquals(set.hash(), chain.blockchain().head().validatorsHash());
        assertEquals(ETH.multiply(600), chain.balance(StakingModule.ADDRESS));
        assertEquals(3, chain.staking().eligibleCount());
        assertEquals(OptionalLong.empty(), chain.staking().changedIn());
        assertEquals(Optional.of(new ValidatorRecord(V1.address(), ETH.multiply(100), UInt256.ZERO, 0, 0, vrfKey(V1))),
                chain.staking().validator(V1.address()));
        assertEquals(List.of(1L), chain.staking().setHeights());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StakingState.validatorSetAt(chain.state(), 0));
        assertEquals("no validator set for height 0: the first takes effect at height 1", e.getMessage());
    }

    // ---- stake

    @Test
    void stakeChangesTheSetAtExactlyTwoBlocksLater() throws Exception {
        StakingChain chain = chain();
        StakedValidatorSet genesisSet = StakingState.validatorSetAt(chain.state(), 1);
        StakingChain.Outcome out = chain.send(NEWCOMER, ETH.multiply(400), stake(vrfKey(NEWCOMER)));
        assertTrue(out.success(), out.revertReason().toString());
        assertEquals(1, out.block());
        assertEquals(1, out.logs().size());
        assertEquals(List.of(StakingModule.STAKED.topic(), Bytes32.leftPad(NEWCOMER.address().bytes())), out.logs().get(0).topics());
        assertEquals(OptionalLong.of(1), chain.staking().changedIn(), "ranked by the next block");
        assertEquals(4, chain.staking().eligibleCount());
        assertEquals(List.of(V1.address(), V2.address(), V3.address(), NEWCOMER.address()), chain.staking().candidates());
        assertEquals(chain.expectedBalance(NEWCOMER.address(), ETH.multiply(400), UInt256.ZERO), chain.balance(NEWCOMER.address()));
        assertEquals(ETH.multiply(1000), chain.balance(StakingModule.ADDRESS));
        // validators() answers for the next block, height 2: still the genesis set.
        assertEquals(addresses(genesisSet), viewValidators(chain).get(0).getValue());

        chain.advanceTo(2);
        Block two = chain.blockchain().block(2).orElseThrow();
        assertEquals(List.of(new ProtocolTransaction(ProtocolTransaction.PAYOUT, StakingChain.CHAIN_ID, 2, 0, StakingModule.ADDRESS,
                StakingModule.UPDATE_VALIDATOR_SET_CALL)), two.transactions(), "block H+1 begins with the ranking");
        Log setChanged = chain.blockchain().receipts(two.hash()).orElseThrow().get(0).logs().get(0);
        assertEquals(List.of(AbiSignature.topic("ValidatorSetChanged(uint64,uint256,uint256)"), Bytes32.leftPad(Bytes.of(3))),
                setChanged.topics());
        assertEquals(Bytes.concatenate(UInt256.valueOf(3), UInt256.valueOf(900_000_000_000L)), setChanged.data());
        assertEquals(OptionalLong.empty(), chain.staking().changedIn());

        assertEquals(genesisSet.members(), StakingState.validatorSetAt(chain.state(), 2).members(), "height H+1 keeps the old set");
        StakedValidatorSet changed = StakingState.validatorSetAt(chain.state(), 3);
        assertEquals(3, changed.effectiveFrom());
        // Top 3 by stake: the 100 ETH validator drops out.
        assertEquals(sorted(member(V2, ETH.multiply(200)), member(V3, ETH.multiply(300)), member(NEWCOMER, ETH.multiply(400))),
                changed.members());
        assertEquals(List.of(1L, 3L), chain.staking().setHeights());
        assertEquals(addresses(changed), viewValidators(chain).get(0).getValue(), "validators() for height 3");
        chain.advanceTo(3);
        assertEquals(List.of(), chain.blockchain().block(3).orElseThrow().transactions(), "nothing to rank after a quiet block");
    }

    @Test
    void equalStakesRankTheLowerAddressFirst() {
        StakingChain chain = chain();
        chain.send(NEWCOMER, ETH.multiply(100), stake(vrfKey(NEWCOMER))); // ties with V1 for the third place
        chain.advanceTo(2);
        KeyPair lower = V1.address().compareTo(NEWCOMER.address()) < 0 ? V1 : NEWCOMER;
        assertEquals(sorted(member(lower, ETH.multiply(100)), member(V2, ETH.multiply(200)), member(V3, ETH.multiply(300))),
                StakingState.validatorSetAt(chain.state(), 3).members());
    }

    @Test
    void stakeRejectsTooLittleStakeAndInvalidVrfKeys() {
        StakingChain chain = chain();
        assertEquals(Optional.of("stake too small: validator " + NEWCOMER.address() + " would have 9000000000000000000 wei bonded (sent "
                        + "9000000000000000000), the minimum is 10000000000000000000 wei"),
                chain.send(NEWCOMER, ETH.multiply(9), stake(vrfKey(NEWCOMER))).revertReason());
        assertEquals(Optional.of("vrfKey must be a 33-byte compressed SEC1 P-256 public key, got 32 bytes"),
                chain.send(NEWCOMER, ETH.multiply(10), stake(vrfKey(NEWCOMER).slice(1))).revertReason());
        Bytes notAPoint = Bytes.concatenate(Bytes.of(0x02), Bytes32.ZERO.not());
        assertEquals(Optional.of("vrfKey " + notAPoint.toHexString() + " is not a point on P-256"),
                chain.send(NEWCOMER, ETH.multiply(10), stake(notAPoint)).revertReason());
        assertEquals(chain.expectedBalance(NEWCOMER.address(), UInt256.ZERO, UInt256.ZERO), chain.balance(NEWCOMER.address()));
        assertEquals(Optional.empty(), chain.staking().validator(NEWCOMER.address()));
        assertEquals(OptionalLong.empty(), chain.staking().changedIn(), "a reverted stake changes nothing");
    }

    @Test
    void addingStakeToAnActiveValidatorRaisesItsPowerAtHPlus2() {
        StakingChain chain = chain();
        chain.advanceTo(4);
        chain.send(V1, ETH.multiply(50), stake(vrfKey(V1)));
        chain.advanceTo(6);
        assertEquals(100_000_000_000L, StakingState.validatorSetAt(chain.state(), 6).member(V1.address()).orElseThrow().power());
        assertEquals(150_000_000_000L, StakingState.validatorSetAt(chain.state(), 7).member(V1.address()).orElseThrow().power());
        assertEquals(ETH.multiply(150), chain.staking().validator(V1.address()).orElseThrow().stake());
    }

    // ---- unstake and withdraw

    @Test
    void unstakeRemovesPowerAtHPlus2AndWithdrawPaysAfterTheUnbondingPeriod() {
        StakingChain chain = chain();
        StakingChain.Outcome out = chain.send(V3, UInt256.ZERO, unstake(ETH.multiply(300)));
        assertTrue(out.success(), out.revertReason().toString());
        assertEquals(2, chain.staking().eligibleCount());
        chain.advanceTo(2);
        assertEquals(sorted(member(V1, ETH.multiply(100)), member(V2, ETH.multiply(200)), member(V3, ETH.multiply(300))),
                StakingState.validatorSetAt(chain.state(), 2).members());
        assertEquals(sorted(member(V1, ETH.multiply(100)), member(V2, ETH.multiply(200))),
                StakingState.validatorSetAt(chain.state(), 3).members());
        assertEquals(Optional.of(new ValidatorRecord(V3.address(), UInt256.ZERO, ETH.multiply(300), 11, 0, vrfKey(V3))),
                chain.staking().validator(V3.address()));
        assertEquals(List.of(V1.address(), V2.address()), chain.staking().candidates());

        assertEquals(Optional.of("unbonding of 300000000000000000000 wei for " + V3.address() + " completes at block 11; this is block 3"),
                chain.send(V3, UInt256.ZERO, withdraw()).revertReason());
        chain.advanceTo(10);
        StakingChain.Outcome withdrawn = chain.send(V3, UInt256.ZERO, withdraw());
        assertTrue(withdrawn.success(), withdrawn.revertReason().toString());
        assertEquals(11, withdrawn.block());
        assertEquals(chain.expectedBalance(V3.address(), UInt256.ZERO, ETH.multiply(300)), chain.balance(V3.address()));
        assertEquals(ETH.multiply(300), chain.balance(StakingModule.ADDRESS));
        assertEquals(Optional.of(new ValidatorRecord(V3.address(), UInt256.ZERO, UInt256.ZERO, 0, 0, vrfKey(V3))),
                chain.staking().validator(V3.address()));
        assertEquals(Optional.of("validator " + V3.address() + " has nothing unbonding to withdraw"),
                chain.send(V3, UInt256.ZERO, withdraw()).revertReason());
    }

    @Test
    void unstakeMustLeaveNothingOrAtLeastTheMinimum() {
        StakingChain chain = chain();
        assertEquals(Optional.of("unstake would leave 5000000000000000000 wei bonded, below the minimum 10000000000000000000 wei: "
                        + "unstake all 100000000000000000000 wei or at most 90000000000000000000 wei"),
                chain.send(V1, UInt256.ZERO, unstake(ETH.multiply(95))).revertReason());
        assertEquals(Optional.of("cannot unstake 101000000000000000000 wei: validator " + V1.address()
                        + " has 100000000000000000000 wei bonded"),
                chain.send(V1, UInt256.ZERO, unstake(ETH.multiply(101))).revertReason());
        assertEquals(Optional.of("validator " + OUTSIDER.address() + " has no bonded stake"),
                chain.send(OUTSIDER, UInt256.ZERO, unstake(ETH)).revertReason());
        StakingChain.Outcome partial = chain.send(V1, UInt256.ZERO, unstake(ETH.multiply(90)));
        assertTrue(partial.success());
        chain.advanceTo(partial.block() + 1);
        assertEquals(10_000_000_000L, StakingState.validatorSetAt(chain.state(), partial.block() + 2).member(V1.address()).orElseThrow().power());
    }

    @Test
    void theLastValidatorCannotUnstake() {
        StakingChain chain = new StakingChain(PARAMS, List.of(StakingChain.genesisStake(V1, ETH.multiply(100))), FUNDED);
        assertEquals(Optional.of("validator " + V1.address() + " cannot unstake: it is the last validator and the set would be empty"),
                chain.send(V1, UInt256.ZERO, unstake(ETH.multiply(100))).revertReason());
        assertEquals(ETH.multiply(100), chain.staking().validator(V1.address()).orElseThrow().stake());
    }

    // ---- evidence, slashing and jail

    @Test
    void evidenceIsAcceptedOnceSlashesBurnsAndJailsFromHPlus2() throws Exception {
        StakingChain chain = chain();
        chain.advanceTo(1);
        DoubleSignEvidence evidence = doubleSign(V2, VoteType.PREVOTE, 1);
        List<Transaction> included = chain.includeEvidence(List.of(StakingModule.evidenceCall(evidence)));
        assertEquals(List.of(new ProtocolTransaction(ProtocolTransaction.EVIDENCE, StakingChain.CHAIN_ID, 2, 0, StakingModule.ADDRESS,
                StakingModule.evidenceCall(evidence).data())), included);
        assertTrue(chain.blockchain().receipts(chain.headHash()).orElseThrow().get(0).success());

        // 5% of 200 ETH burned; jailed until block 2 + 20.
        assertEquals(Optional.of(new ValidatorRecord(V2.address(), ETH.multiply(190), UInt256.ZERO, 0, 22, vrfKey(V2))),
                chain.staking().validator(V2.address()));
        assertEquals(ETH.multiply(590), chain.balance(StakingModule.ADDRESS));
        assertEquals(OptionalLong.of(2), chain.staking().evidenceProcessedAt(evidence.hash()));
        assertEquals(OptionalLong.of(2), chain.staking().slashedAt(V2.address(), 1));
        assertEquals(2, chain.staking().eligibleCount());
        chain.advanceTo(3);
        assertTrue(StakingState.validatorSetAt(chain.state(), 3).contains(V2.address()), "still in the set at H+1");
        assertEquals(sorted(member(V1, ETH.multiply(100)), member(V3, ETH.multiply(300))),
                StakingState.validatorSetAt(chain.state(), 4).members());

        assertEquals(Optional.of("evidence " + evidence.hash() + " was already processed in block 2"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(evidence)));
        assertEquals(List.of(), chain.includeEvidence(List.of(StakingModule.evidenceCall(evidence))), "the proposer leaves it out");
        assertEquals(Optional.of("validator " + V2.address() + " was already slashed for double signing at height 1 (block 2)"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(doubleSign(V2, VoteType.PRECOMMIT, 1))));

        assertEquals(chain.headHash(), chain.replayOnAFollower(PARAMS, GENESIS, FUNDED), "a follower accepts the evidence block");
    }

    @Test
    void slashingAlsoCutsTheUnbondingStake() {
        StakingChain chain = chain();
        chain.send(V3, UInt256.ZERO, unstake(ETH.multiply(100)));
        chain.includeEvidence(List.of(StakingModule.evidenceCall(doubleSign(V3, VoteType.PRECOMMIT, 1))));
        assertEquals(Optional.of(new ValidatorRecord(V3.address(), ETH.multiply(190), ETH.multiply(95), 11, 22, vrfKey(V3))),
                chain.staking().validator(V3.address()));
        assertEquals(ETH.multiply(585), chain.balance(StakingModule.ADDRESS));
    }

    @Test
    void forgedOldFutureAndForeignEvidenceIsRejectedWithItsReason() {
        StakingChain chain = chain();
        chain.advanceTo(1);
        DoubleSignEvidence forged = new DoubleSignEvidence(
                vote(V2, V2, StakingChain.CHAIN_ID, VoteType.PREVOTE, 1, 0, BLOCK_X),
                vote(OUTSIDER, V2, StakingChain.CHAIN_ID, VoteType.PREVOTE, 1, 0, BLOCK_Y));
        assertEquals(Optional.of("evidence second vote (PREVOTE height 1 round 0 for 22222222) is not signed by " + V2.address()
                        + " for chain id 7357"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(forged)));
        DoubleSignEvidence otherChain = new DoubleSignEvidence(
                vote(V2, V2, 1, VoteType.PREVOTE, 1, 0, BLOCK_X), vote(V2, V2, 1, VoteType.PREVOTE, 1, 0, BLOCK_Y));
        assertEquals(Optional.of("evidence first vote (PREVOTE height 1 round 0 for 11111111) is not signed by " + V2.address()
                        + " for chain id 7357"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(otherChain)));
        assertEquals(Optional.of(OUTSIDER.address() + " was not a validator at height 1, so its votes there are no double signing"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(doubleSign(OUTSIDER, VoteType.PREVOTE, 1))));
        assertEquals(Optional.of("evidence for height 3 is from the future; this is block 2"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(doubleSign(V2, VoteType.PREVOTE, 3))));
        assertEquals(Optional.of("evidence for height 0: no validator set for height 0: the first takes effect at height 1"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(doubleSign(V2, VoteType.PREVOTE, 0))));
        chain.advanceTo(6);
        assertEquals(Optional.empty(), chain.evidenceRevertReason(StakingModule.evidenceCall(doubleSign(V2, VoteType.PREVOTE, 2))),
                "height 2 in block 7: exactly evidenceMaxAgeBlocks old");
        assertEquals(Optional.of("evidence for height 1 is too old: accepted until block 6, this is block 7"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(doubleSign(V2, VoteType.PREVOTE, 1))));
        assertEquals(List.of(), chain.includeEvidence(List.of(StakingModule.evidenceCall(forged))));
        assertEquals(ETH.multiply(200), chain.staking().validator(V2.address()).orElseThrow().stake());
    }

    @Test
    void aReceivedBlockCarryingForgedEvidenceIsInvalid() {
        StakingChain producer = chain();
        producer.advanceTo(1);
        Block good = producer.blockchain().propose(List.of(), List.of(), producer.blockchain().head().timestamp() + 1,
                StakingChain.PROPOSER, Bytes32.ZERO, Bytes.EMPTY, Bytes32.ZERO, CommitCertificate.EMPTY, (t, r) -> { }).block();
        DoubleSignEvidence forged = new DoubleSignEvidence(
                vote(V2, V2, StakingChain.CHAIN_ID, VoteType.PREVOTE, 1, 0, BLOCK_X),
                vote(OUTSIDER, V2, StakingChain.CHAIN_ID, VoteType.PREVOTE, 1, 0, BLOCK_Y));
        ProtocolTransaction tx = new ProtocolTransaction(ProtocolTransaction.EVIDENCE, StakingChain.CHAIN_ID, 2, 0, StakingModule.ADDRESS,
                StakingModule.evidenceCall(forged).data());
        BlockHeader h = good.header();
        BlockHeader header = new BlockHeader(h.parentHash(), h.number(), h.timestamp(), h.proposer(), h.stateRoot(),
                OrderedListTrie.root(List.of(tx.encoded())), h.receiptsRoot(), h.logsBloom(), h.gasLimit(), h.gasUsed(),
                h.baseFeePerGas(), h.beacon(), h.vrfProof(), h.validatorsHash(), h.lastCommitHash());
        InvalidBlockException e = assertThrows(InvalidBlockException.class,
                () -> producer.blockchain().validate(new Block(header, List.of(tx), good.lastCommit())));
        assertTrue(e.getMessage().endsWith("is invalid: evidence second vote (PREVOTE height 1 round 0 for 22222222) is not signed by "
                + V2.address() + " for chain id 7357"), e.getMessage());
    }

    @Test
    void malformedEvidenceAndUserCallsAreRejected() {
        StakingChain chain = chain();
        Bytes garbage = Bytes.fromHexString("0x8101");
        var call = new io.veritas.chain.module.ProtocolCall(ProtocolTransaction.EVIDENCE, StakingModule.ADDRESS, Bytes.fromHexString(
                org.web3j.abi.FunctionEncoder.encode(new Function("slashDoubleSign", List.of(new DynamicBytes(garbage.toArray())), List.of()))));
        assertEquals(Optional.of("malformed evidence: evidence: expected an RLP list, found a string"), chain.evidenceRevertReason(call));
        StakingChain.Outcome user = chain.send(OUTSIDER, UInt256.ZERO,
                new Function("slashDoubleSign", List.of(new DynamicBytes(doubleSign(V2, VoteType.PREVOTE, 1).encoded().toArray())), List.of()));
        assertEquals(Optional.of("slashDoubleSign(bytes) is run by the protocol only (protocol transactions), not by " + OUTSIDER.address()),
                user.revertReason());
    }

    @Test
    void aJailedValidatorCanReturnOnlyAfterJailBlocksByStakingAgain() {
        StakingChain chain = chain();
        chain.advanceTo(1);
        chain.includeEvidence(List.of(StakingModule.evidenceCall(doubleSign(V2, VoteType.PREVOTE, 1))));
        assertEquals(Optional.of("validator " + V2.address() + " is jailed until block 22; this is block 3"),
                chain.send(V2, ETH.multiply(10), stake(vrfKey(V2))).revertReason());
        chain.advanceTo(21);
        StakingChain.Outcome back = chain.send(V2, UInt256.ZERO, stake(vrfKey(V2)));
        assertTrue(back.success(), back.revertReason().toString());
        assertEquals(22, back.block());
        assertEquals(0, chain.staking().validator(V2.address()).orElseThrow().jailedUntil());
        chain.advanceTo(23);
        assertFalse(StakingState.validatorSetAt(chain.state(), 23).contains(V2.address()));
        assertEquals(Optional.of(member(V2, ETH.multiply(190))), StakingState.validatorSetAt(chain.state(), 24).member(V2.address()));
    }

    @Test
    void jailForeverKeepsADoubleSignerOutForGood() {
        StakingParameters forever = new StakingParameters(ETH.multiply(10), 3, 10, 5, 10_000, StakingParameters.JAIL_FOREVER);
        StakingChain chain = new StakingChain(forever, GENESIS, FUNDED);
        chain.includeEvidence(List.of(StakingModule.evidenceCall(doubleSign(V1, VoteType.PREVOTE, 1))));
        assertEquals(Optional.of(new ValidatorRecord(V1.address(), UInt256.ZERO, UInt256.ZERO, 0, Long.MAX_VALUE, vrfKey(V1))),
                chain.staking().validator(V1.address()), "slashed 100%: nothing left bonded, so no longer a candidate");
        assertEquals(List.of(V3.address(), V2.address()), chain.staking().candidates());
        chain.advanceTo(1_000);
        assertEquals(Optional.of("validator " + V1.address() + " is jailed for good for double signing and cannot stake again"),
                chain.send(V1, ETH.multiply(50), stake(vrfKey(V1))).revertReason());
    }

    @Test
    void evidenceAgainstTheOnlyValidatorIsRejectedRatherThanHaltTheChain() {
        StakingChain chain = new StakingChain(PARAMS, List.of(StakingChain.genesisStake(V1, ETH.multiply(100))), FUNDED);
        assertEquals(Optional.of("evidence against " + V1.address() + " would leave the validator set empty; the only validator cannot be jailed"),
                chain.evidenceRevertReason(StakingModule.evidenceCall(doubleSign(V1, VoteType.PREVOTE, 1))));
    }

    // ---- views

    @Test
    void getValidatorAndValidatorsAtReportTheRecordAndTheSets() throws Exception {
        StakingChain chain = chain();
        chain.send(V3, UInt256.ZERO, unstake(ETH.multiply(300)));
        chain.advanceTo(2);
        @SuppressWarnings("rawtypes")
        List<Type> v3 = chain.view(new Function("getValidator", List.of(new org.web3j.abi.datatypes.Address(V3.address().toHexString())),
                List.of(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint64>() {},
                        new TypeReference<Uint64>() {}, new TypeReference<DynamicBytes>() {}, new TypeReference<Uint256>() {},
                        new TypeReference<Bool>() {})));
        assertEquals(List.of(BigInteger.ZERO, ETH.multiply(300).toBigInteger(), BigInteger.valueOf(11), BigInteger.ZERO),
                v3.subList(0, 4).stream().map(Type::getValue).toList());
        assertEquals(vrfKey(V3), Bytes.wrap((byte[]) v3.get(4).getValue()));
        assertEquals(BigInteger.valueOf(0), v3.get(5).getValue(), "no longer active at height 3");
        assertEquals(false, v3.get(6).getValue());

        @SuppressWarnings("rawtypes")
        List<Type> at3 = chain.view(new Function("validatorsAt", List.of(new Uint64(3)), setOutputs()));
        assertEquals(addresses(StakingState.validatorSetAt(chain.state(), 3)), at3.get(0).getValue());
        assertEquals(List.of(BigInteger.valueOf(100_000_000_000L), BigInteger.valueOf(200_000_000_000L)).stream().sorted().toList(),
                ((List<?>) at3.get(1).getValue()).stream().map(x -> ((Uint256) x).getValue()).sorted().toList());
        io.veritas.chain.module.ModuleRevertException e = assertThrows(io.veritas.chain.module.ModuleRevertException.class,
                () -> chain.view(new Function("validatorsAt", List.of(new Uint64(0)), setOutputs())));
        assertEquals("no validator set for height 0: the first takes effect at height 1", e.reason());
    }

    @SuppressWarnings("rawtypes")
    private static List<Type> viewValidators(StakingChain chain) throws Exception {
        return chain.view(new Function("validators", List.of(), setOutputs()));
    }

    private static List<TypeReference<?>> setOutputs() {
        return List.of(new TypeReference<DynamicArray<org.web3j.abi.datatypes.Address>>() {},
                new TypeReference<DynamicArray<Uint256>>() {}, new TypeReference<DynamicArray<DynamicBytes>>() {});
    }

    private static List<org.web3j.abi.datatypes.Address> addresses(StakedValidatorSet set) {
        return set.members().stream().map(v -> new org.web3j.abi.datatypes.Address(v.address().toHexString())).toList();
    }

    static Address address(KeyPair key) {
        return key.address();
    }
}
