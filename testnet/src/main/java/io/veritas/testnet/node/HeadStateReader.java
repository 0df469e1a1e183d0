package io.veritas.testnet.node;

import io.veritas.chain.blockchain.Blockchain;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.txpool.AccountStateReader;
import io.veritas.chain.types.Address;
import org.apache.tuweni.units.bigints.UInt256;

/** The tx pool's view of accounts: the state after the head block when it was made (reads are serialised). */
public final class HeadStateReader implements AccountStateReader {
  private final WorldState state;

  public HeadStateReader(Blockchain chain) {
    this.state = chain.headState();
  }

  @Override
  public synchronized long nonce(Address address) {
    return state.nonce(address);
  }

  @Override
  public synchronized UInt256 balance(Address address) {
    return state.balance(address);
  }
}
