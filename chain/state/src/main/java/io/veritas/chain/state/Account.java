package io.veritas.chain.state;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.trie.MerklePatriciaTrie;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPException;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * An Ethereum account as the state trie stores it (yellow paper 4.1): RLP([nonce, balance, storageRoot,
 * codeHash]) with nonce and balance as minimal big-endian integers.
 */
public record Account(long nonce, UInt256 balance, Bytes32 storageRoot, Bytes32 codeHash) {
  /** No nonce, no balance, no storage, no code: what an address that was never touched holds. */
  public static final Account EMPTY =
      new Account(0, UInt256.ZERO, MerklePatriciaTrie.EMPTY_TRIE_ROOT, Keccak256.EMPTY);

  public Account {
    if (nonce < 0) {
      throw new IllegalArgumentException("account nonce must not be negative, got " + nonce);
    }
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(storageRoot, "storageRoot");
    Objects.requireNonNull(codeHash, "codeHash");
  }

  /**
   * Whether the account holds nothing at all. Such an account is not kept in the state trie (EIP-161 removes
   * empty accounts; we also require empty storage, so module storage is never dropped).
   */
  public boolean isEmpty() {
    return nonce == 0
        && balance.isZero()
        && storageRoot.equals(MerklePatriciaTrie.EMPTY_TRIE_ROOT)
        && codeHash.equals(Keccak256.EMPTY);
  }

  public Account withNonce(long newNonce) {
    return new Account(newNonce, balance, storageRoot, codeHash);
  }

  public Account withBalance(UInt256 newBalance) {
    return new Account(nonce, newBalance, storageRoot, codeHash);
  }

  public Account withStorageRoot(Bytes32 newStorageRoot) {
    return new Account(nonce, balance, newStorageRoot, codeHash);
  }

  public Bytes encode() {
    return RLP.encodeList(
        w -> {
          w.writeLong(nonce);
          w.writeUInt256(balance);
          w.writeValue(storageRoot);
          w.writeValue(codeHash);
        });
  }

  /**
   * @throws IllegalArgumentException if {@code rlp} is not exactly a canonical account encoding
   */
  public static Account decode(Bytes rlp) {
    try {
      return RLP.decodeList(
          rlp,
          r -> {
            long nonce = r.readLong();
            UInt256 balance = r.readUInt256();
            Bytes root = r.readValue();
            Bytes code = r.readValue();
            if (!r.isComplete()) {
              throw new IllegalArgumentException("account RLP has more than 4 fields: " + rlp.toHexString());
            }
            if (root.size() != 32 || code.size() != 32) {
              throw new IllegalArgumentException(
                  "account storageRoot and codeHash must be 32 bytes: " + rlp.toHexString());
            }
            return new Account(nonce, balance, Bytes32.wrap(root), Bytes32.wrap(code));
          });
    } catch (RLPException e) {
      throw new IllegalArgumentException("invalid account RLP " + rlp.toHexString() + ": " + e.getMessage(), e);
    }
  }
}
