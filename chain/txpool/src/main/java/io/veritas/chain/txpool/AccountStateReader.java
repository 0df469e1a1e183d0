package io.veritas.chain.txpool;

import io.veritas.chain.types.Address;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * The head state as the pool sees it: an account's nonce and balance after the last committed block. An
 * account that does not exist has nonce 0 and balance 0. Implementations must be safe to call from any thread.
 */
public interface AccountStateReader {
  long nonce(Address account);

  UInt256 balance(Address account);
}
