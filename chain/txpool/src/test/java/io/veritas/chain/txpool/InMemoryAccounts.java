package io.veritas.chain.txpool;

import io.veritas.chain.types.Address;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tuweni.units.bigints.UInt256;

/** A head state in a map; counts reads so tests can see when the pool consults it. */
final class InMemoryAccounts implements AccountStateReader {
  private final Map<Address, Long> nonces = new ConcurrentHashMap<>();
  private final Map<Address, UInt256> balances = new ConcurrentHashMap<>();
  final AtomicInteger reads = new AtomicInteger();

  InMemoryAccounts set(Address account, long nonce, UInt256 balance) {
    nonces.put(account, nonce);
    balances.put(account, balance);
    return this;
  }

  @Override
  public long nonce(Address account) {
    reads.incrementAndGet();
    return nonces.getOrDefault(account, 0L);
  }

  @Override
  public UInt256 balance(Address account) {
    reads.incrementAndGet();
    return balances.getOrDefault(account, UInt256.ZERO);
  }
}
