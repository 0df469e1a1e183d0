package io.veritas.genesis;

import io.veritas.chain.types.Address;
import io.veritas.consensus.staking.GenesisStake;
import io.veritas.consensus.staking.StakingParameters;
import io.veritas.consensus.validator.ValidatorSet;
import io.veritas.consensus.vrf.EcVrf;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * One genesis validator: its account, the wei it has bonded in the staking module from block 0, and its ECVRF-P256
 * public key (33 bytes, SEC1 compressed) for the randomness beacon.
 */
public record GenesisValidator(Address address, UInt256 stake, Bytes vrfKey) {
  public GenesisValidator {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(stake, "stake");
    Objects.requireNonNull(vrfKey, "vrfKey");
    UInt256 units = stake.divide(StakingParameters.POWER_UNIT_WEI);
    if (units.isZero() || !units.fitsLong() || units.toLong() > ValidatorSet.MAX_TOTAL_VOTING_POWER) {
      throw new IllegalArgumentException("validator " + address + " stake " + stake.toDecimalString()
          + " wei is outside 1 gwei .. " + ValidatorSet.MAX_TOTAL_VOTING_POWER + " gwei");
    }
    if (!EcVrf.isValidPublicKey(vrfKey.toArrayUnsafe())) {
      throw new IllegalArgumentException("validator " + address + " VRF key " + vrfKey.toHexString()
          + " is not a 33-byte compressed P-256 public key");
    }
  }

  /**
   * Voting power at height 1: the stake in gwei. Equal to the staking module's power for this validator, because the
   * parser only accepts genesis stakes within the module's per-validator cap and no more validators than
   * {@code staking.maxValidators} (so every genesis validator is in the first set).
   */
  public long power() {
    return stake.divide(StakingParameters.POWER_UNIT_WEI).toLong();
  }

  public GenesisStake toStake() {
    return new GenesisStake(address, stake, vrfKey);
  }
}
