package io.veritas.testnet.node;

import io.veritas.chain.module.NativeModule;
import io.veritas.consensus.message.Secp256k1VoteVerifier;
import io.veritas.consensus.staking.StakingModule;
import io.veritas.genesis.Genesis;
import io.veritas.market.module.ComputeMarketModule;
import io.veritas.market.rewards.RewardsModule;
import io.veritas.verifier.module.VerifierModule;
import java.util.ArrayList;
import java.util.List;

/** The native modules a chain runs, decided by its genesis: every node of one chain must register the same ones. */
public final class NativeModules {
  private NativeModules() {}

  public static List<NativeModule> forGenesis(Genesis genesis) {
    List<NativeModule> modules = new ArrayList<>();
    modules.add(new StakingModule(genesis.staking(), genesis.chainId(), new Secp256k1VoteVerifier()));
    if (genesis.market().isPresent()) {
      // The parser guarantees market, verifier and rewards come together.
      var market = genesis.market().get();
      var rewards = genesis.rewards().orElseThrow();
      modules.add(new ComputeMarketModule(market, rewards));
      modules.add(new VerifierModule(genesis.verifier().orElseThrow(), market, rewards));
      modules.add(new RewardsModule(rewards));
    }
    return modules;
  }
}
