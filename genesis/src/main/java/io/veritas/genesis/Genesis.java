package io.veritas.genesis;

import io.veritas.chain.blockchain.ChainParameters;
import io.veritas.chain.blockchain.GenesisDefinition;
import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import io.veritas.consensus.staking.GenesisStake;
import io.veritas.consensus.staking.StakedValidatorSet;
import io.veritas.consensus.staking.StakingGenesis;
import io.veritas.consensus.staking.StakingParameters;
import io.veritas.market.rewards.RewardsParameters;
import io.veritas.market.rules.MarketParameters;
import io.veritas.verifier.rules.VerifierParameters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A parsed and validated genesis file: the chain's identity and rules, the funded accounts, the first
 * validator set and the staking rules, and the compute modules' parameters (market, verifier, rewards) when the chain has them. {@link #definition()} turns it
 * into block 0.
 */
public record Genesis(
    String name,
    long chainId,
    long timestamp,
    ChainParameters parameters,
    Duration blockTime,
    Map<Address, UInt256> alloc,
    List<GenesisValidator> validators,
    StakingParameters staking,
    Optional<MarketParameters> market,
    Optional<VerifierParameters> verifier,
    Optional<RewardsParameters> rewards) {

  public Genesis {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(blockTime, "blockTime");
    alloc = Map.copyOf(alloc);
    validators = List.copyOf(validators);
    Objects.requireNonNull(staking, "staking");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(rewards, "rewards");
  }

  /**
   * The validator set of height 1 as the staking module stores it: every genesis validator, with power = stake in
   * gwei and its VRF key.
   */
  public StakedValidatorSet initialValidatorSet() {
    return StakingGenesis.initialSet(staking, stakes());
  }

  /** {@link StakedValidatorSet#hash()} of the first set: keccak256(RLP([[address, power, vrfKey], ...])) in address order. */
  public Bytes32 validatorsHash() {
    return initialValidatorSet().hash();
  }

  private List<GenesisStake> stakes() {
    return validators.stream().map(GenesisValidator::toStake).toList();
  }

  /** The first beacon value: keccak256("veritas-genesis-beacon" ‖ chain id as 8 bytes). */
  public Bytes32 initialBeacon() {
    return Keccak256.hash(Bytes.concatenate(
        Bytes.wrap("veritas-genesis-beacon".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        Bytes.ofUnsignedLong(chainId)));
  }

  public GenesisDefinition definition() {
    return new GenesisDefinition(timestamp, initialBeacon(), validatorsHash(), state -> {
      alloc.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> state.setBalance(e.getKey(), e.getValue()));
      // The genesis stakes: validator records, the bonded wei in the staking module's balance, the set of height 1.
      StakingGenesis.allocate(state, staking, stakes());
      if (market.isPresent()) {
        // The compute modules' rules, committed in the state root (the parser guarantees all three or none).
        ModuleParameterDigests.allocate(state, market.get(), verifier.orElseThrow(), rewards.orElseThrow());
      }
    });
  }
}
