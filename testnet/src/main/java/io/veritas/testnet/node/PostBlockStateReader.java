package io.veritas.testnet.node;

import io.veritas.chain.state.WorldState;
import io.veritas.chain.txpool.AccountStateReader;
import io.veritas.chain.types.Address;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The pool's view of accounts after a block: the accounts the block touched come from a snapshot of its
 * post-state taken when it was committed (those accounts are in memory then, and they are exactly the ones the
 * pool re-checks at once); any other account is read from the head state.
 */
final class PostBlockStateReader implements AccountStateReader {
  private record Snapshot(long nonce, UInt256 balance) {}

  private final Map<Address, Snapshot> touched;
  private final AccountStateReader others;

  private PostBlockStateReader(Map<Address, Snapshot> touched, AccountStateReader others) {
    this.touched = touched;
    this.others = others;
  }

  /**
   * Snapshots {@code addresses} from {@code postState}, which must be the state of the head block; call it
   * before anything else changes that state object.
   */
  static PostBlockStateReader snapshot(WorldState postState, Collection<Address> addresses, AccountStateReader others) {
    Map<Address, Snapshot> touched = HashMap.newHashMap(addresses.size());
    for (Address address : addresses) {
      touched.computeIfAbsent(address, a -> new Snapshot(postState.nonce(a), postState.balance(a)));
    }
    return new PostBlockStateReader(Map.copyOf(touched), others);
  }

  @Override
  public long nonce(Address address) {
    Snapshot s = touched.get(address);
    return s != null ? s.nonce() : others.nonce(address);
  }

  @Override
  public UInt256 balance(Address address) {
    Snapshot s = touched.get(address);
    return s != null ? s.balance() : others.balance(address);
  }
}
