package io.veritas.consensus.staking;

import io.veritas.chain.module.AbiParam;
import io.veritas.chain.module.AbiSignature;
import io.veritas.chain.module.ModuleAbiJson;
import io.veritas.chain.module.ModuleCall;
import io.veritas.chain.module.ModuleEvent;
import io.veritas.chain.module.ModuleMethod;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.Mutability;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.module.ProtocolDuties;
import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import io.veritas.consensus.message.CommitCertificates;
import io.veritas.consensus.message.DoubleSignEvidence;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.message.VoteVerifier;
import io.veritas.consensus.vrf.EcVrf;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * The staking native module at {@code 0x…1000} (ARCHITECTURE.md §2–3): validators bond stake with
 * {@code stake(vrfKey)}, leave through an unbonding period ({@code unstake}, then {@code withdraw}), and are slashed
 * and jailed for double signing through evidence the proposer includes ({@code slashDoubleSign}, protocol only).
 *
 * <p><b>Validator set changes at H+2.</b> A change in block H (stake, unstake, slash) only marks the state changed.
 * The next block, H+1, begins with the protocol call {@code updateValidatorSet()} ({@link #dueCalls}, a PAYOUT-type
 * bookkeeping call), which ranks the candidates once ({@link ActiveSetSelection}: top {@code maxValidators} by stake
 * among the non-jailed with at least {@code minStake}) and, when the result differs from the latest stored set,
 * stores it as the set effective from H+2 ({@link StakingState#putSet}). Ranking once per block, not per
 * transaction, keeps a block full of staking transactions from costing every validator a full ranking each.
 * {@link StakingState#validatorSetAt} reads the set of any height from the state after block h−1. A change that would
 * leave no eligible validator at all reverts (an eligibility count is kept for this).
 *
 * <p><b>Jail.</b> A slashed validator is jailed: out of the set from H+2, and {@code stake} reverts until block
 * {@code H + jailBlocks} (never, with {@link StakingParameters#JAIL_FOREVER}); its first {@code stake} call after
 * that (value may be 0) ends the jail. A jailed validator may still {@code unstake} and {@code withdraw}.
 */
public final class StakingModule implements NativeModule, ProtocolDuties {
    public static final Address ADDRESS = Address.fromLong(0x1000);
    /**
     * Most accounts with bonded stake at once: every change re-ranks all candidates, so this bounds the work of a
     * staking transaction. A new account cannot stake while the list is full (each place costs {@code minStake}).
     */
    public static final int MAX_CANDIDATES = 1_024;
    /** Classpath resource holding this module's ABI JSON (kept equal to {@link ModuleAbiJson#render} by a test). */
    public static final String ABI_RESOURCE = "/io/veritas/consensus/staking/staking.abi.json";

    public static final ModuleEvent STAKED = new ModuleEvent("Staked", List.of(
            AbiParam.indexed("validator", "address"), AbiParam.of("amount", "uint256"), AbiParam.of("stake", "uint256"),
            AbiParam.of("vrfKey", "bytes")));
    public static final ModuleEvent UNSTAKE_STARTED = new ModuleEvent("UnstakeStarted", List.of(
            AbiParam.indexed("validator", "address"), AbiParam.of("amount", "uint256"), AbiParam.of("stake", "uint256"),
            AbiParam.of("withdrawableAt", "uint64")));
    public static final ModuleEvent WITHDRAWN = new ModuleEvent("Withdrawn", List.of(
            AbiParam.indexed("validator", "address"), AbiParam.of("amount", "uint256")));
    public static final ModuleEvent SLASHED = new ModuleEvent("Slashed", List.of(
            AbiParam.indexed("validator", "address"), AbiParam.indexed("height", "uint64"), AbiParam.of("amount", "uint256"),
            AbiParam.of("evidenceHash", "bytes32")));
    public static final ModuleEvent JAILED = new ModuleEvent("Jailed", List.of(
            AbiParam.indexed("validator", "address"), AbiParam.of("until", "uint64")));
    public static final ModuleEvent VALIDATOR_SET_CHANGED = new ModuleEvent("ValidatorSetChanged", List.of(
            AbiParam.indexed("effectiveHeight", "uint64"), AbiParam.of("validators", "uint256"), AbiParam.of("totalPower", "uint256")));

    public static final Bytes SLASH_DOUBLE_SIGN_SELECTOR = AbiSignature.selector("slashDoubleSign(bytes)");
    /** Calldata of {@code updateValidatorSet()}: the protocol call that starts every block after a staking change. */
    public static final Bytes UPDATE_VALIDATOR_SET_CALL = AbiSignature.selector("updateValidatorSet()");

    private static final List<AbiParam> SET_OUTPUTS = List.of(
            AbiParam.of("validators", "address[]"), AbiParam.of("powers", "uint256[]"), AbiParam.of("vrfKeys", "bytes[]"));
    private static final Logger LOG = LoggerFactory.getLogger(StakingModule.class);

    private final StakingParameters params;
    private final long chainId;
    private final VoteVerifier voteVerifier;
    private final ActiveSetSelection selection;
    private final List<ModuleMethod> methods;

    /**
     * @param chainId      the chain's id: evidence signatures are checked over the vote sign-bytes of this chain
     * @param voteVerifier checks consensus signatures ({@code Secp256k1VoteVerifier} in production)
     */
    public StakingModule(StakingParameters params, long chainId, VoteVerifier voteVerifier) {
        this.params = Objects.requireNonNull(params, "params");
        this.chainId = chainId;
        this.voteVerifier = Objects.requireNonNull(voteVerifier, "voteVerifier");
        this.selection = new ActiveSetSelection(params);
        this.methods = List.of(
                new ModuleMethod("stake", List.of(AbiParam.of("vrfKey", "bytes")), List.of(), Mutability.PAYABLE,
                        100_000, 16, this::stake),
                new ModuleMethod("unstake", List.of(AbiParam.of("amount", "uint256")), List.of(), Mutability.NONPAYABLE,
                        80_000, 0, this::unstake),
                new ModuleMethod("withdraw", List.of(), List.of(AbiParam.of("amount", "uint256")), Mutability.NONPAYABLE,
                        30_000, 0, this::withdraw),
                new ModuleMethod("slashDoubleSign", List.of(AbiParam.of("evidence", "bytes")), List.of(),
                        Mutability.NONPAYABLE, 150_000, 16, this::slashDoubleSign),
                new ModuleMethod("updateValidatorSet", List.of(), List.of(), Mutability.NONPAYABLE, 0, 0, this::updateValidatorSet),
                new ModuleMethod("validators", List.of(), SET_OUTPUTS, Mutability.VIEW, 10_000, 0, this::validators),
                new ModuleMethod("validatorsAt", List.of(AbiParam.of("height", "uint64")), SET_OUTPUTS, Mutability.VIEW,
                        10_000, 0, this::validatorsAt),
                new ModuleMethod("getValidator", List.of(AbiParam.of("validator", "address")),
                        List.of(AbiParam.of("stake", "uint256"), AbiParam.of("unbonding", "uint256"),
                                AbiParam.of("withdrawableAt", "uint64"), AbiParam.of("jailedUntil", "uint64"),
                                AbiParam.of("vrfKey", "bytes"), AbiParam.of("power", "uint256"), AbiParam.of("active", "bool")),
                        Mutability.VIEW, 5_000, 0, this::getValidator));
    }

    @Override
    public Address address() {
        return ADDRESS;
    }

    @Override
    public String name() {
        return "staking";
    }

    @Override
    public List<ModuleMethod> methods() {
        return methods;
    }

    @Override
    public List<ModuleEvent> events() {
        return List.of(STAKED, UNSTAKE_STARTED, WITHDRAWN, SLASHED, JAILED, VALIDATOR_SET_CHANGED);
    }

    public StakingParameters parameters() {
        return params;
    }

    /** After a block with a staking change, the next block must begin by ranking the candidates into the set of H+2. */
    @Override
    public List<ProtocolCall> dueCalls(ModuleStateView state, BlockContext block) {
        return StakingState.of(state).changedIn().isPresent()
                ? List.of(new ProtocolCall(ProtocolTransaction.PAYOUT, ADDRESS, UPDATE_VALIDATOR_SET_CALL))
                : List.of();
    }

    /** The protocol call that puts {@code evidence} before this module: what the proposer includes as EVIDENCE (0x7e). */
    public static ProtocolCall evidenceCall(DoubleSignEvidence evidence) {
        return new ProtocolCall(ProtocolTransaction.EVIDENCE, ADDRESS, Bytes.fromHexString(FunctionEncoder.encode(
                new Function("slashDoubleSign", List.of(new DynamicBytes(evidence.encoded().toArrayUnsafe())), List.of()))));
    }

    /**
     * The evidence carried by {@code slashDoubleSign(bytes)} calldata (what {@link #evidenceCall} builds), or empty
     * when the calldata is another call or its evidence does not decode. The strict ABI decoding happens when the
     * call runs; this reader serves nodes looking at committed blocks.
     */
    public static Optional<DoubleSignEvidence> evidenceIn(Bytes calldata) {
        if (calldata.size() < 4 + 64 || !calldata.slice(0, 4).equals(SLASH_DOUBLE_SIGN_SELECTOR)) {
            return Optional.empty();
        }
        // ABI: offset word (0x20), length word, then the bytes padded to 32.
        Bytes args = calldata.slice(4);
        UInt256 offset = UInt256.fromBytes(args.slice(0, 32));
        UInt256 length = UInt256.fromBytes(args.slice(32, 32));
        if (!offset.equals(UInt256.valueOf(32)) || !length.fitsInt() || length.intValue() > args.size() - 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(DoubleSignEvidence.decode(args.slice(64, length.intValue())));
        } catch (InvalidRlpException e) {
            return Optional.empty(); // not evidence at all: a committed block cannot hold it, a proposal would revert
        }
    }

    // ---- stake, unstake, withdraw

    private List<Type<?>> stake(ModuleCall call) throws ModuleRevertException {
        Bytes vrfKey = Bytes.wrap(call.arg(0, DynamicBytes.class).getValue());
        ModuleRevertException.require(vrfKey.size() == EcVrf.PUBLIC_KEY_LENGTH,
                "vrfKey must be a " + EcVrf.PUBLIC_KEY_LENGTH + "-byte compressed SEC1 P-256 public key, got " + vrfKey.size() + " bytes");
        ModuleRevertException.require(EcVrf.isValidPublicKey(vrfKey.toArrayUnsafe()),
                "vrfKey " + vrfKey.toHexString() + " is not a point on P-256");
        StakingState state = StakingState.of(call);
        Address validator = call.caller();
        long now = call.block().number();
        Optional<ValidatorRecord> existing = state.validator(validator);
        long jailedUntil = existing.map(ValidatorRecord::jailedUntil).orElse(0L);
        if (jailedUntil != 0) {
            ModuleRevertException.require(jailedUntil != Long.MAX_VALUE,
                    "validator " + validator + " is jailed for good for double signing and cannot stake again");
            ModuleRevertException.require(now >= jailedUntil,
                    "validator " + validator + " is jailed until block " + jailedUntil + "; this is block " + now);
        }
        UInt256 before = existing.map(ValidatorRecord::stake).orElse(UInt256.ZERO);
        UInt256 stake = before.add(call.value());
        ModuleRevertException.require(!stake.lessThan(params.minStake()),
                "stake too small: validator " + validator + " would have " + stake.toDecimalString() + " wei bonded (sent "
                        + call.value().toDecimalString() + "), the minimum is " + params.minStake().toDecimalString() + " wei");
        ModuleRevertException.require(!before.isZero() || state.candidateCount() < MAX_CANDIDATES,
                "the staking module already holds the most candidates it takes (" + MAX_CANDIDATES + ")");
        ValidatorRecord record = existing
                .map(r -> r.withStake(stake).withVrfKey(vrfKey).withJailedUntil(0))
                .orElseGet(() -> new ValidatorRecord(validator, stake, UInt256.ZERO, 0, 0, vrfKey));
        state.putValidator(record);
        recordChange(call, state, existing, record);
        call.emit(STAKED, abi(validator), uint(call.value()), uint(stake), new DynamicBytes(vrfKey.toArrayUnsafe()));
        LOG.debug("staked: block={} validator={} amount={} stake={}", now, validator, call.value(), stake);
        return List.of();
    }

    private List<Type<?>> unstake(ModuleCall call) throws ModuleRevertException {
        UInt256 amount = UInt256.valueOf(call.arg(0, Uint256.class).getValue());
        StakingState state = StakingState.of(call);
        Address validator = call.caller();
        ValidatorRecord record = state.validator(validator).filter(r -> !r.stake().isZero())
                .orElseThrow(() -> new ModuleRevertException("validator " + validator + " has no bonded stake"));
        ModuleRevertException.require(!amount.isZero(), "unstake amount must be positive");
        ModuleRevertException.require(!amount.greaterThan(record.stake()),
                "cannot unstake " + amount.toDecimalString() + " wei: validator " + validator + " has "
                        + record.stake().toDecimalString() + " wei bonded");
        UInt256 remaining = record.stake().subtract(amount);
        ModuleRevertException.require(remaining.isZero() || !remaining.lessThan(params.minStake()),
                "unstake would leave " + remaining.toDecimalString() + " wei bonded, below the minimum "
                        + params.minStake().toDecimalString() + " wei: unstake all " + record.stake().toDecimalString()
                        + " wei or at most " + record.stake().subtract(params.minStake()).toDecimalString() + " wei");
        long now = call.block().number();
        long withdrawableAt = Math.addExact(now, params.unbondingBlocks());
        // One unbonding entry per validator: a new unstake adds to it and restarts its clock.
        ValidatorRecord updated = record.withStake(remaining).withUnbonding(record.unbonding().add(amount), withdrawableAt);
        ModuleRevertException.require(!leavesNoValidator(state, record, updated),
                "validator " + validator + " cannot unstake: it is the last validator and the set would be empty");
        state.putValidator(updated);
        recordChange(call, state, Optional.of(record), updated);
        call.emit(UNSTAKE_STARTED, abi(validator), uint(amount), uint(remaining), new Uint64(withdrawableAt));
        return List.of();
    }

    private List<Type<?>> withdraw(ModuleCall call) throws ModuleRevertException {
        StakingState state = StakingState.of(call);
        Address validator = call.caller();
        ValidatorRecord record = state.validator(validator).filter(r -> !r.unbonding().isZero())
                .orElseThrow(() -> new ModuleRevertException("validator " + validator + " has nothing unbonding to withdraw"));
        long now = call.block().number();
        ModuleRevertException.require(now >= record.withdrawableAt(),
                "unbonding of " + record.unbonding().toDecimalString() + " wei for " + validator + " completes at block "
                        + record.withdrawableAt() + "; this is block " + now);
        UInt256 amount = record.unbonding();
        // The record stays (even when empty) so a jail outlives a full withdrawal.
        state.putValidator(record.withUnbonding(UInt256.ZERO, 0));
        call.pay(validator, amount);
        call.emit(WITHDRAWN, abi(validator), uint(amount));
        return List.of(uint(amount));
    }

    // ---- evidence

    private List<Type<?>> slashDoubleSign(ModuleCall call) throws ModuleRevertException {
        call.requireProtocol();
        Bytes encoded = Bytes.wrap(call.arg(0, DynamicBytes.class).getValue());
        DoubleSignEvidence evidence;
        try {
            evidence = DoubleSignEvidence.decode(encoded);
        } catch (InvalidRlpException e) {
            throw new ModuleRevertException("malformed evidence: " + e.getMessage());
        }
        long now = call.block().number();
        long height = evidence.height();
        Address validator = CommitCertificates.address(evidence.validator());
        ModuleRevertException.require(height <= now,
                "evidence for height " + height + " is from the future; this is block " + now);
        ModuleRevertException.require(now - height <= params.evidenceMaxAgeBlocks(),
                "evidence for height " + height + " is too old: accepted until block " + (height + params.evidenceMaxAgeBlocks())
                        + ", this is block " + now);
        Bytes32 hash = evidence.hash();
        StakingState state = StakingState.of(call);
        OptionalLong processed = state.evidenceProcessedAt(hash);
        ModuleRevertException.require(processed.isEmpty(),
                "evidence " + hash + " was already processed in block " + processed.orElse(0));
        requireSigned(evidence.voteA(), "first");
        requireSigned(evidence.voteB(), "second");
        StakedValidatorSet set;
        try {
            set = state.setAt(height);
        } catch (IllegalArgumentException e) {
            throw new ModuleRevertException("evidence for height " + height + ": " + e.getMessage());
        }
        ModuleRevertException.require(set.contains(validator),
                validator + " was not a validator at height " + height + ", so its votes there are no double signing");
        OptionalLong slashedIn = state.slashedAt(validator, height);
        ModuleRevertException.require(slashedIn.isEmpty(),
                "validator " + validator + " was already slashed for double signing at height " + height + " (block "
                        + slashedIn.orElse(0) + ")");
        ValidatorRecord record = state.validator(validator).orElseThrow(
                () -> new IllegalStateException("validator " + validator + " is in the set of height " + height + " but has no record"));

        UInt256 fromStake = params.doubleSignSlash(record.stake());
        UInt256 fromUnbonding = params.doubleSignSlash(record.unbonding());
        UInt256 slashed = fromStake.add(fromUnbonding);
        long jailedUntil = Math.max(record.jailedUntil(), params.jailedUntil(now));
        ValidatorRecord punished = record.withStake(record.stake().subtract(fromStake))
                .withUnbonding(record.unbonding().subtract(fromUnbonding), record.withdrawableAt())
                .withJailedUntil(jailedUntil);
        ModuleRevertException.require(!leavesNoValidator(state, record, punished),
                "evidence against " + validator + " would leave the validator set empty; the only validator cannot be jailed");
        state.putValidator(punished);
        recordChange(call, state, Optional.of(record), punished);
        call.burn(slashed);
        state.markEvidenceProcessed(hash, now);
        state.markSlashed(validator, height, now);
        call.emit(SLASHED, abi(validator), new Uint64(height), uint(slashed), new org.web3j.abi.datatypes.generated.Bytes32(hash.toArray()));
        call.emit(JAILED, abi(validator), new Uint64(BigInteger.valueOf(jailedUntil)));
        LOG.info("validator slashed for double signing: block={} validator={} height={} slashed={} jailedUntil={}",
                now, validator, height, slashed, jailedUntil == Long.MAX_VALUE ? "forever" : jailedUntil);
        return List.of();
    }

    private void requireSigned(Vote vote, String which) throws ModuleRevertException {
        ModuleRevertException.require(voteVerifier.verify(vote.validator(), vote.signBytes(chainId), vote.signature()),
                "evidence " + which + " vote (" + vote.type() + " height " + vote.height() + " round " + vote.round() + " for "
                        + vote.blockId().shortString() + ") is not signed by " + vote.validator() + " for chain id " + chainId);
    }

    // ---- the active set

    /** True when {@code before → after} takes away the last eligible validator. */
    private boolean leavesNoValidator(StakingState state, ValidatorRecord before, ValidatorRecord after) {
        return selection.isEligible(before) && !selection.isEligible(after) && state.eligibleCount() == 1;
    }

    /** Keeps the eligibility count in step and marks the state changed, so the next block ranks the candidates. */
    private void recordChange(ModuleCall call, StakingState state, Optional<ValidatorRecord> before, ValidatorRecord after) {
        boolean was = before.map(selection::isEligible).orElse(false);
        boolean is = selection.isEligible(after);
        if (was != is) {
            state.putEligibleCount(state.eligibleCount() + (is ? 1 : -1));
        }
        state.markChanged(call.block().number());
    }

    /**
     * Protocol only, first in the block after a staking change (block H+1): ranks the candidates and stores the result
     * as the set effective from H+2 when it differs from the latest stored set.
     */
    private List<Type<?>> updateValidatorSet(ModuleCall call) throws ModuleRevertException {
        call.requireProtocol();
        StakingState state = StakingState.of(call);
        long effective = call.block().number() + 1;
        // The eligibility count guards every change, so at least one candidate is eligible here.
        StakedValidatorSet next = selection.select(state.rankingCandidates(), state::vrfKey, effective).orElseThrow(
                () -> new IllegalStateException("no eligible validator for height " + effective + " although "
                        + state.eligibleCount() + " are counted eligible"));
        state.clearChanged();
        Optional<StakedValidatorSet> latest = state.latestSet();
        if (latest.isPresent() && latest.get().members().equals(next.members())) {
            return List.of();
        }
        state.putSet(next);
        call.emit(VALIDATOR_SET_CHANGED, new Uint64(effective), new Uint256(next.members().size()), new Uint256(next.totalPower()));
        LOG.info("validator set changed: block={} effective={} size={} totalPower={}", call.block().number(), effective,
                next.members().size(), next.totalPower());
        return List.of();
    }

    // ---- views

    private List<Type<?>> validators(ModuleCall call) throws ModuleRevertException {
        return setOutputs(setAt(StakingState.of(call), call.block().number()));
    }

    /** The set of {@code height}, or a revert naming why there is none (a chain whose genesis wrote no validators). */
    private static StakedValidatorSet setAt(StakingState state, long height) throws ModuleRevertException {
        try {
            return state.setAt(height);
        } catch (IllegalArgumentException e) {
            throw new ModuleRevertException(e.getMessage());
        }
    }

    private List<Type<?>> validatorsAt(ModuleCall call) throws ModuleRevertException {
        long height = call.arg(0, Uint64.class).getValue().longValue();
        ModuleRevertException.require(height >= 0, "height " + Long.toUnsignedString(height) + " is out of range");
        return setOutputs(setAt(StakingState.of(call), height));
    }

    private List<Type<?>> getValidator(ModuleCall call) throws ModuleRevertException {
        Address validator = new Address(Bytes.fromHexString(call.arg(0, org.web3j.abi.datatypes.Address.class).getValue()));
        StakingState state = StakingState.of(call);
        Optional<ValidatorRecord> record = state.validator(validator);
        Optional<StakedValidator> member = setAt(state, call.block().number()).member(validator);
        return List.of(
                uint(record.map(ValidatorRecord::stake).orElse(UInt256.ZERO)),
                uint(record.map(ValidatorRecord::unbonding).orElse(UInt256.ZERO)),
                new Uint64(record.map(ValidatorRecord::withdrawableAt).orElse(0L)),
                new Uint64(BigInteger.valueOf(record.map(ValidatorRecord::jailedUntil).orElse(0L))),
                new DynamicBytes(record.map(r -> r.vrfKey().toArray()).orElse(new byte[0])),
                new Uint256(member.map(StakedValidator::power).orElse(0L)),
                new Bool(member.isPresent()));
    }

    private static List<Type<?>> setOutputs(StakedValidatorSet set) {
        List<org.web3j.abi.datatypes.Address> addresses = new ArrayList<>();
        List<Uint256> powers = new ArrayList<>();
        List<DynamicBytes> keys = new ArrayList<>();
        for (StakedValidator v : set.members()) {
            addresses.add(abi(v.address()));
            powers.add(new Uint256(v.power()));
            keys.add(new DynamicBytes(v.vrfKey().toArray()));
        }
        return List.of(
                new DynamicArray<>(org.web3j.abi.datatypes.Address.class, addresses),
                new DynamicArray<>(Uint256.class, powers),
                new DynamicArray<>(DynamicBytes.class, keys));
    }

    private static org.web3j.abi.datatypes.Address abi(Address address) {
        return new org.web3j.abi.datatypes.Address(address.toHexString());
    }

    private static Uint256 uint(UInt256 value) {
        return new Uint256(value.toBigInteger());
    }
}
