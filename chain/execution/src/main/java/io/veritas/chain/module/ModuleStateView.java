package io.veritas.chain.module;

import io.veritas.chain.state.WorldState;
import io.veritas.chain.types.Address;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Read access to the world state for {@link ProtocolDuties#dueCalls}: module storages and balances. The caller
 * wraps the question in a checkpoint it reverts afterwards, so even a write through {@link #storageOf} cannot
 * change the state.
 */
public final class ModuleStateView {
  private final WorldState state;

  public ModuleStateView(WorldState state) {
    this.state = state;
  }

  public ModuleStorage storageOf(Address module) {
    return new ModuleStorage(state, module);
  }

  public UInt256 balanceOf(Address account) {
    return state.account(account).balance();
  }
}
