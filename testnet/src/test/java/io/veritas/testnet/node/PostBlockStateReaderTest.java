package io.veritas.testnet.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.veritas.chain.state.WorldState;
import io.veritas.chain.storage.InMemoryKeyValueStore;
import io.veritas.chain.txpool.AccountStateReader;
import io.veritas.chain.types.Address;
import java.util.List;
import org.apache.tuweni.units.bigints.UInt256;
import org.junit.jupiter.api.Test;

class PostBlockStateReaderTest {
  private static final Address TOUCHED = Address.fromLong(1);
  private static final Address OTHER = Address.fromLong(2);

  /** The head state as storage would give it: here, fixed values that differ from the post-state's. */
  private static final AccountStateReader HEAD =
      new AccountStateReader() {
        @Override
        public long nonce(Address address) {
          return 100;
        }

        @Override
        public UInt256 balance(Address address) {
          return UInt256.valueOf(100);
        }
      };

  @Test
  void touchedAccountsComeFromTheSnapshotOthersFromTheHeadState() {
    WorldState post = WorldState.empty(new InMemoryKeyValueStore());
    post.setNonce(TOUCHED, 7);
    post.setBalance(TOUCHED, UInt256.valueOf(42));
    PostBlockStateReader reader = PostBlockStateReader.snapshot(post, List.of(TOUCHED, TOUCHED), HEAD);
    assertEquals(7, reader.nonce(TOUCHED));
    assertEquals(UInt256.valueOf(42), reader.balance(TOUCHED));
    assertEquals(100, reader.nonce(OTHER));
    assertEquals(UInt256.valueOf(100), reader.balance(OTHER));
  }

  @Test
  void laterChangesToThePostStateDoNotShowThrough() {
    WorldState post = WorldState.empty(new InMemoryKeyValueStore());
    post.setNonce(TOUCHED, 7);
    PostBlockStateReader reader = PostBlockStateReader.snapshot(post, List.of(TOUCHED), HEAD);
    // The chain continues its next proposal from this very state object.
    post.setNonce(TOUCHED, 8);
    assertEquals(7, reader.nonce(TOUCHED));
  }
}
