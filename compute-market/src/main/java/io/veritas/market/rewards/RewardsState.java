package io.veritas.market.rewards;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The rewards module's records in its account's storage, Solidity-style (README "Rewards storage layout"):
 *
 * <pre>
 * EPOCHS        = keccak256("veritas.rewards.epochs")        mapping(uint64 epoch => Epoch) at E = keccak256(uint256(epoch) ‖ EPOCHS)
 * WORK_EPOCHS   = keccak256("veritas.rewards.workEpochs")    uint64[]: the epochs that had work, ascending (length here)
 * NEXT_PAYOUT   = keccak256("veritas.rewards.nextPayout")    uint256: index in WORK_EPOCHS of the next epoch to pay
 * CLAIMABLE     = keccak256("veritas.rewards.claimable")     mapping(address => uint256)
 * CLAIMED       = keccak256("veritas.rewards.claimed")       mapping(address => uint256)
 * EPOCH_REWARDS = keccak256("veritas.rewards.epochRewards")  mapping(address => mapping(uint64 epoch => uint256))
 * </pre>
 *
 * Epoch fields at E + n: 0 providerUnits (total), 1 verifierUnits (total), 2 providers (address[] in order of
 * first credit), 3 verifiers (address[]), 4 paid (recipients paid so far, providers first), 5 minted (wei),
 * 6 providerWork (mapping(address => uint256)), 7 verifierWork (mapping(address => uint256)).
 */
public final class RewardsState {
  public static final Bytes32 EPOCHS = ModuleStorage.namedSlot("veritas.rewards.epochs");
  public static final Bytes32 WORK_EPOCHS = ModuleStorage.namedSlot("veritas.rewards.workEpochs");
  public static final Bytes32 NEXT_PAYOUT = ModuleStorage.namedSlot("veritas.rewards.nextPayout");
  public static final Bytes32 CLAIMABLE = ModuleStorage.namedSlot("veritas.rewards.claimable");
  public static final Bytes32 CLAIMED = ModuleStorage.namedSlot("veritas.rewards.claimed");
  public static final Bytes32 EPOCH_REWARDS = ModuleStorage.namedSlot("veritas.rewards.epochRewards");

  public static final int EPOCH_PROVIDER_UNITS = 0;
  public static final int EPOCH_VERIFIER_UNITS = 1;
  public static final int EPOCH_PROVIDERS = 2;
  public static final int EPOCH_VERIFIERS = 3;
  public static final int EPOCH_PAID = 4;
  public static final int EPOCH_MINTED = 5;
  public static final int EPOCH_PROVIDER_WORK = 6;
  public static final int EPOCH_VERIFIER_WORK = 7;

  /** Which of an epoch's two pools a unit of work counts toward. */
  public enum Role {
    PROVIDER(EPOCH_PROVIDER_UNITS, EPOCH_PROVIDERS, EPOCH_PROVIDER_WORK),
    VERIFIER(EPOCH_VERIFIER_UNITS, EPOCH_VERIFIERS, EPOCH_VERIFIER_WORK);

    private final int totalField;
    private final int listField;
    private final int workField;

    Role(int totalField, int listField, int workField) {
      this.totalField = totalField;
      this.listField = listField;
      this.workField = workField;
    }
  }

  private final ModuleStorage storage;

  public RewardsState(ModuleStorage storage) {
    this.storage = storage;
  }

  public static Bytes32 epochSlot(long epoch) {
    return ModuleStorage.mappingSlot(EPOCHS, UInt256.valueOf(epoch));
  }

  // ---- work

  public BigInteger totalUnits(long epoch, Role role) {
    return storage.get(field(epochSlot(epoch), role.totalField)).toBigInteger();
  }

  public long recipientCount(long epoch, Role role) {
    return storage.getLong(field(epochSlot(epoch), role.listField));
  }

  public Address recipientAt(long epoch, Role role, long index) {
    return storage.getAddress(ModuleStorage.offset(Keccak256.hash(field(epochSlot(epoch), role.listField)), index));
  }

  public BigInteger workOf(long epoch, Role role, Address who) {
    return storage.get(workSlot(epoch, role, who)).toBigInteger();
  }

  /** Adds {@code units} (> 0) of {@code role} work by {@code who} to {@code epoch}, listing {@code who} and the epoch on first sight. */
  public void credit(long epoch, Role role, Address who, BigInteger units) {
    if (units.signum() <= 0) {
      throw new IllegalArgumentException("work credited must be positive, got " + units + " units for " + who);
    }
    long workEpochs = workEpochCount();
    if (workEpochs == 0 || workEpochAt(workEpochs - 1) != epoch) {
      if (workEpochs > 0 && workEpochAt(workEpochs - 1) > epoch) {
        throw new IllegalStateException("work for epoch " + epoch + " after epoch " + workEpochAt(workEpochs - 1) + " already had work");
      }
      storage.putLong(ModuleStorage.offset(Keccak256.hash(WORK_EPOCHS), workEpochs), epoch);
      storage.putLong(WORK_EPOCHS, workEpochs + 1);
    }
    Bytes32 base = epochSlot(epoch);
    Bytes32 work = workSlot(epoch, role, who);
    UInt256 before = storage.get(work);
    if (before.isZero()) {
      Bytes32 list = field(base, role.listField);
      long count = storage.getLong(list);
      storage.putAddress(ModuleStorage.offset(Keccak256.hash(list), count), who);
      storage.putLong(list, count + 1);
    }
    UInt256 add = UInt256.valueOf(units);
    storage.put(work, before.add(add));
    Bytes32 total = field(base, role.totalField);
    storage.put(total, storage.get(total).add(add));
  }

  // ---- payout progress

  public long workEpochCount() {
    return storage.getLong(WORK_EPOCHS);
  }

  public long workEpochAt(long index) {
    return storage.getLong(ModuleStorage.offset(Keccak256.hash(WORK_EPOCHS), index));
  }

  public long nextPayout() {
    return storage.getLong(NEXT_PAYOUT);
  }

  public void putNextPayout(long index) {
    storage.putLong(NEXT_PAYOUT, index);
  }

  public long paid(long epoch) {
    return storage.getLong(field(epochSlot(epoch), EPOCH_PAID));
  }

  public void putPaid(long epoch, long recipients) {
    storage.putLong(field(epochSlot(epoch), EPOCH_PAID), recipients);
  }

  public UInt256 minted(long epoch) {
    return storage.get(field(epochSlot(epoch), EPOCH_MINTED));
  }

  public void putMinted(long epoch, UInt256 wei) {
    storage.put(field(epochSlot(epoch), EPOCH_MINTED), wei);
  }

  // ---- balances

  public UInt256 claimable(Address who) {
    return storage.get(ModuleStorage.mappingSlot(CLAIMABLE, Bytes32.leftPad(who.bytes())));
  }

  public void putClaimable(Address who, UInt256 wei) {
    storage.put(ModuleStorage.mappingSlot(CLAIMABLE, Bytes32.leftPad(who.bytes())), wei);
  }

  public UInt256 claimed(Address who) {
    return storage.get(ModuleStorage.mappingSlot(CLAIMED, Bytes32.leftPad(who.bytes())));
  }

  public void putClaimed(Address who, UInt256 wei) {
    storage.put(ModuleStorage.mappingSlot(CLAIMED, Bytes32.leftPad(who.bytes())), wei);
  }

  public UInt256 epochReward(Address who, long epoch) {
    return storage.get(epochRewardSlot(who, epoch));
  }

  public void putEpochReward(Address who, long epoch, UInt256 wei) {
    storage.put(epochRewardSlot(who, epoch), wei);
  }

  public static Bytes32 epochRewardSlot(Address who, long epoch) {
    return ModuleStorage.mappingSlot(ModuleStorage.mappingSlot(EPOCH_REWARDS, Bytes32.leftPad(who.bytes())), UInt256.valueOf(epoch));
  }

  private static Bytes32 workSlot(long epoch, Role role, Address who) {
    return ModuleStorage.mappingSlot(field(epochSlot(epoch), role.workField), Bytes32.leftPad(who.bytes()));
  }

  private static Bytes32 field(Bytes32 base, int offset) {
    return ModuleStorage.offset(base, offset);
  }
}
