package io.veritas.testnet.node;

import io.veritas.chain.module.NativeModule;
import io.veritas.genesis.Genesis;
import io.veritas.market.module.ComputeMarketModule;
import java.util.ArrayList;
import java.util.List;

/** The native modules a chain runs, decided by its genesis: every node of one chain must register the same ones. */
public final class NativeModules {
  private NativeModules() {}

  public static List<NativeModule> forGenesis(Genesis genesis) {
    List<NativeModule> modules = new ArrayList<>();
    genesis.market().ifPresent(params -> modules.add(new ComputeMarketModule(params)));
    return modules;
  }
}
