package io.veritas.genesis;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.module.ModuleStorage;
import io.veritas.chain.state.WorldState;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.market.rewards.RewardsModule;
import io.veritas.market.rewards.RewardsParameters;
import io.veritas.market.rules.MarketParameters;
import io.veritas.verifier.module.VerifierModule;
import io.veritas.verifier.rules.VerifierParameters;
import java.util.Comparator;
import java.util.Map;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;

/**
 * Block 0 commits to the compute modules' rules: keccak256 of an RLP list of each module's genesis parameters is
 * stored in the module's own storage at {@link #SLOT}, so two genesis files that differ only in, say, the challenge
 * probability give different state roots and genesis hashes — nodes with different rules refuse each other's chain
 * at once instead of diverging at the first job.
 */
final class ModuleParameterDigests {
  /** keccak256("veritas.module.parametersDigest"), in each compute module's storage. */
  static final Bytes32 SLOT = ModuleStorage.namedSlot("veritas.module.parametersDigest");

  private ModuleParameterDigests() {}

  static void allocate(WorldState state, MarketParameters market, VerifierParameters verifier, RewardsParameters rewards) {
    new ModuleStorage(state, ComputeMarketModule.ADDRESS).putBytes32(SLOT, market(market));
    new ModuleStorage(state, VerifierModule.ADDRESS).putBytes32(SLOT, verifier(verifier));
    new ModuleStorage(state, RewardsModule.ADDRESS).putBytes32(SLOT, rewards(rewards));
  }

  static Bytes32 market(MarketParameters p) {
    return Keccak256.hash(RLP.encodeList(w -> {
      w.writeUInt256(p.minProviderBond());
      w.writeLong(p.maxTokensPerJob());
      w.writeLong(p.maxPromptBytes());
      w.writeLong(p.resultTimeoutBlocks());
      w.writeLong(p.challengeWindowBlocks());
      w.writeLong(p.unbondingBlocks());
      w.writeLong(p.providerCapacity());
      w.writeUInt256(p.timeoutPenalty());
    }));
  }

  static Bytes32 verifier(VerifierParameters p) {
    return Keccak256.hash(RLP.encodeList(w -> {
      w.writeLong(p.challengeProbabilityBps());
      w.writeLong(p.newProviderProbabilityBps());
      w.writeLong(p.newProviderJobs());
      w.writeLong(p.verifiersPerChallenge());
      w.writeLong(p.escalationVerifiers());
      w.writeLong(p.challengeDelayBlocks());
      w.writeLong(p.commitWindowBlocks());
      w.writeLong(p.revealWindowBlocks());
      w.writeLong(p.slashFractionBps());
      w.writeLong(p.slashRewardShareBps());
    }));
  }

  static Bytes32 rewards(RewardsParameters p) {
    return Keccak256.hash(RLP.encodeList(w -> {
      w.writeLong(p.epochLengthBlocks());
      w.writeUInt256(p.emissionPerEpoch());
      w.writeLong(p.verifierShareBps());
      // Cost factors in ascending model id order: the file's order does not matter.
      w.writeList(l -> p.costFactors().factors().entrySet().stream()
          .sorted(Map.Entry.comparingByKey(Comparator.comparing(Bytes::toHexString)))
          .forEach(e -> l.writeList(item -> {
            item.writeValue(e.getKey());
            item.writeLong(e.getValue());
          })));
    }));
  }
}
