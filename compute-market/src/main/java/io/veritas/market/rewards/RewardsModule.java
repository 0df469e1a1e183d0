package io.veritas.market.rewards;

import io.veritas.chain.execution.BlockContext;
import io.veritas.chain.module.AbiParam;
import io.veritas.chain.module.ModuleCall;
import io.veritas.chain.module.ModuleEvent;
import io.veritas.chain.module.ModuleMethod;
import io.veritas.chain.module.ModuleRevertException;
import io.veritas.chain.module.ModuleStateView;
import io.veritas.chain.module.Mutability;
import io.veritas.chain.module.NativeModule;
import io.veritas.chain.module.ProtocolCall;
import io.veritas.chain.module.ProtocolDuties;
import io.veritas.chain.tx.ProtocolTransaction;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * The compute rewards native module at {@code 0x…4000} (ARCHITECTURE.md §5.6): work units credited during an epoch
 * (by the market for settled jobs, by the verifier for verification, through {@link RewardsLedger}) are paid at the
 * start of the next epoch by a PAYOUT protocol call {@code payEpoch(epoch)}, which mints the epoch's emission into
 * claimable balances, pro rata per pool; {@code claim()} / {@code claimTo(address)} pay a claimable balance out.
 *
 * <p>Rounding: each share is floor(pool × units / poolUnits); the remainder of a pool is not minted, nor is a pool
 * with no work (an epoch with no work mints nothing). The module's balance is always Σ claimable.
 */
public final class RewardsModule implements NativeModule, ProtocolDuties {
  public static final Address ADDRESS = Address.fromLong(0x4000);
  /** Recipients one {@code payEpoch} call pays; an epoch with more continues in the next blocks. */
  public static final int MAX_PAYOUTS_PER_CALL = 128;
  public static final String ABI_RESOURCE = "/io/veritas/market/rewards/rewards.abi.json";

  public static final ModuleEvent REWARD_PAID = new ModuleEvent("RewardPaid", List.of(
      AbiParam.indexed("to", "address"), AbiParam.of("amount", "uint256"), AbiParam.of("epoch", "uint64")));
  public static final ModuleEvent REWARD_CLAIMED = new ModuleEvent("RewardClaimed", List.of(
      AbiParam.indexed("to", "address"), AbiParam.of("amount", "uint256")));

  private static final Logger LOG = LoggerFactory.getLogger(RewardsModule.class);

  private final RewardsParameters params;
  private final List<ModuleMethod> methods;

  public RewardsModule(RewardsParameters params) {
    this.params = Objects.requireNonNull(params, "params");
    this.methods = List.of(
        new ModuleMethod("payEpoch", List.of(AbiParam.of("epoch", "uint64")), List.of(), Mutability.NONPAYABLE, 50_000, 0, this::payEpoch),
        new ModuleMethod("claim", List.of(), List.of(AbiParam.of("amount", "uint256")), Mutability.NONPAYABLE, 30_000, 0, this::claim),
        new ModuleMethod("claimTo", List.of(AbiParam.of("to", "address")), List.of(AbiParam.of("amount", "uint256")),
            Mutability.NONPAYABLE, 30_000, 0, this::claimTo),
        new ModuleMethod("claimable", List.of(AbiParam.of("account", "address")), List.of(AbiParam.of("", "uint256")),
            Mutability.VIEW, 2_000, 0, this::claimable),
        new ModuleMethod("claimed", List.of(AbiParam.of("account", "address")), List.of(AbiParam.of("", "uint256")),
            Mutability.VIEW, 2_000, 0, this::claimed),
        new ModuleMethod("epochRewards", List.of(AbiParam.of("account", "address"), AbiParam.of("epoch", "uint64")),
            List.of(AbiParam.of("", "uint256")), Mutability.VIEW, 2_000, 0, this::epochRewards),
        new ModuleMethod("currentEpoch", List.of(), List.of(AbiParam.of("", "uint64")), Mutability.VIEW, 1_000, 0, this::currentEpoch),
        new ModuleMethod("epochWork", List.of(AbiParam.of("epoch", "uint64")),
            List.of(AbiParam.of("providerUnits", "uint256"), AbiParam.of("verifierUnits", "uint256"), AbiParam.of("providers", "uint32"),
                AbiParam.of("verifiers", "uint32"), AbiParam.of("paid", "uint32"), AbiParam.of("minted", "uint256")),
            Mutability.VIEW, 5_000, 0, this::epochWork),
        new ModuleMethod("workOf", List.of(AbiParam.of("account", "address"), AbiParam.of("epoch", "uint64")),
            List.of(AbiParam.of("providerUnits", "uint256"), AbiParam.of("verifierUnits", "uint256")), Mutability.VIEW, 2_000, 0,
            this::workOf));
  }

  @Override
  public Address address() {
    return ADDRESS;
  }

  @Override
  public String name() {
    return "rewards";
  }

  @Override
  public List<ModuleMethod> methods() {
    return methods;
  }

  @Override
  public List<ModuleEvent> events() {
    return List.of(REWARD_PAID, REWARD_CLAIMED);
  }

  public RewardsParameters parameters() {
    return params;
  }

  /** {@code payEpoch(e)} for the oldest epoch with work that is not fully paid, once the block is past it. */
  @Override
  public List<ProtocolCall> dueCalls(ModuleStateView view, BlockContext block) {
    RewardsState state = new RewardsState(view.storageOf(ADDRESS));
    long next = state.nextPayout();
    if (next >= state.workEpochCount()) {
      return List.of();
    }
    long epoch = state.workEpochAt(next);
    if (params.epochOf(block.number()) <= epoch) {
      return List.of();
    }
    return List.of(new ProtocolCall(ProtocolTransaction.PAYOUT, ADDRESS, payEpochCall(epoch)));
  }

  public static Bytes payEpochCall(long epoch) {
    return Bytes.fromHexString(FunctionEncoder.encode(new Function("payEpoch", List.of(new Uint64(epoch)), List.of())));
  }

  private List<Type<?>> payEpoch(ModuleCall call) throws ModuleRevertException {
    call.requireProtocol();
    long epoch = call.arg(0, Uint64.class).getValue().longValueExact();
    long now = call.block().number();
    RewardsState state = new RewardsState(call.storage());
    long next = state.nextPayout();
    ModuleRevertException.require(next < state.workEpochCount() && state.workEpochAt(next) == epoch,
        "epoch " + epoch + " is not the next epoch to pay" + (next < state.workEpochCount() ? ": that is epoch " + state.workEpochAt(next) : ": none is due"));
    ModuleRevertException.require(params.epochOf(now) > epoch,
        "epoch " + epoch + " is paid from block " + params.firstBlockOf(epoch + 1) + "; this is block " + now);

    long providers = state.recipientCount(epoch, RewardsState.Role.PROVIDER);
    long verifiers = state.recipientCount(epoch, RewardsState.Role.VERIFIER);
    long from = state.paid(epoch);
    long to = Math.min(providers + verifiers, from + MAX_PAYOUTS_PER_CALL);
    UInt256 mintedNow = UInt256.ZERO;
    for (long r = from; r < to; r++) {
      RewardsState.Role role = r < providers ? RewardsState.Role.PROVIDER : RewardsState.Role.VERIFIER;
      long index = r < providers ? r : r - providers;
      Address who = state.recipientAt(epoch, role, index);
      UInt256 pool = role == RewardsState.Role.PROVIDER ? params.providerPool() : params.verifierPool();
      UInt256 amount = RewardSplit.share(pool, state.workOf(epoch, role, who), state.totalUnits(epoch, role));
      if (amount.isZero()) {
        continue;
      }
      state.putClaimable(who, state.claimable(who).add(amount));
      state.putEpochReward(who, epoch, state.epochReward(who, epoch).add(amount));
      mintedNow = mintedNow.add(amount);
      call.emit(REWARD_PAID, abi(who), new Uint256(amount.toBigInteger()), new Uint64(epoch));
    }
    call.mint(mintedNow);
    state.putMinted(epoch, state.minted(epoch).add(mintedNow));
    state.putPaid(epoch, to);
    if (to == providers + verifiers) {
      state.putNextPayout(next + 1);
    }
    LOG.info("epoch rewards paid: block={} epoch={} recipients={}..{} of {} minted={} epochMinted={}", now, epoch, from, to,
        providers + verifiers, mintedNow, state.minted(epoch));
    return List.of();
  }

  private List<Type<?>> claim(ModuleCall call) throws ModuleRevertException {
    return List.of(new Uint256(payOut(call, call.caller()).toBigInteger()));
  }

  private List<Type<?>> claimTo(ModuleCall call) throws ModuleRevertException {
    Address to = Address.fromHex(call.arg(0, org.web3j.abi.datatypes.Address.class).getValue());
    ModuleRevertException.require(!to.equals(Address.ZERO), "claimTo needs a recipient, not the zero address");
    return List.of(new Uint256(payOut(call, to).toBigInteger()));
  }

  /** Moves the caller's whole claimable balance to {@code to}. */
  private UInt256 payOut(ModuleCall call, Address to) throws ModuleRevertException {
    RewardsState state = new RewardsState(call.storage());
    Address claimant = call.caller();
    UInt256 amount = state.claimable(claimant);
    ModuleRevertException.require(!amount.isZero(), "nothing to claim: " + claimant + " has no claimable reward");
    state.putClaimable(claimant, UInt256.ZERO);
    state.putClaimed(claimant, state.claimed(claimant).add(amount));
    call.pay(to, amount);
    call.emit(REWARD_CLAIMED, abi(to), new Uint256(amount.toBigInteger()));
    LOG.debug("reward claimed: block={} claimant={} to={} amount={}", call.block().number(), claimant, to, amount);
    return amount;
  }

  private List<Type<?>> claimable(ModuleCall call) {
    return List.of(new Uint256(new RewardsState(call.storage()).claimable(addressArg(call, 0)).toBigInteger()));
  }

  private List<Type<?>> claimed(ModuleCall call) {
    return List.of(new Uint256(new RewardsState(call.storage()).claimed(addressArg(call, 0)).toBigInteger()));
  }

  private List<Type<?>> epochRewards(ModuleCall call) {
    long epoch = call.arg(1, Uint64.class).getValue().longValueExact();
    return List.of(new Uint256(new RewardsState(call.storage()).epochReward(addressArg(call, 0), epoch).toBigInteger()));
  }

  private List<Type<?>> currentEpoch(ModuleCall call) {
    return List.of(new Uint64(params.epochOf(call.block().number())));
  }

  private List<Type<?>> epochWork(ModuleCall call) {
    long epoch = call.arg(0, Uint64.class).getValue().longValueExact();
    RewardsState state = new RewardsState(call.storage());
    return List.of(
        new Uint256(state.totalUnits(epoch, RewardsState.Role.PROVIDER)), new Uint256(state.totalUnits(epoch, RewardsState.Role.VERIFIER)),
        new Uint32(state.recipientCount(epoch, RewardsState.Role.PROVIDER)), new Uint32(state.recipientCount(epoch, RewardsState.Role.VERIFIER)),
        new Uint32(state.paid(epoch)), new Uint256(state.minted(epoch).toBigInteger()));
  }

  private List<Type<?>> workOf(ModuleCall call) {
    Address who = addressArg(call, 0);
    long epoch = call.arg(1, Uint64.class).getValue().longValueExact();
    RewardsState state = new RewardsState(call.storage());
    BigInteger provider = state.workOf(epoch, RewardsState.Role.PROVIDER, who);
    BigInteger verifier = state.workOf(epoch, RewardsState.Role.VERIFIER, who);
    return List.of(new Uint256(provider), new Uint256(verifier));
  }

  private static Address addressArg(ModuleCall call, int index) {
    return Address.fromHex(call.arg(index, org.web3j.abi.datatypes.Address.class).getValue());
  }

  private static org.web3j.abi.datatypes.Address abi(Address address) {
    return new org.web3j.abi.datatypes.Address(address.toHexString());
  }
}
