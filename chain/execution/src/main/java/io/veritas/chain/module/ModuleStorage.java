package io.veritas.chain.module;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.state.WorldState;
import io.veritas.chain.types.Address;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A module's state: 32-byte slots in its own account's storage trie, so one stateRoot commits to it and
 * eth_getStorageAt / eth_getProof work on it. Slot layout follows Solidity's conventions (mappings at
 * keccak256(key ‖ slot)), which keeps module state inspectable with ordinary Ethereum tools.
 */
public final class ModuleStorage {
  private final WorldState state;
  private final Address account;

  public ModuleStorage(WorldState state, Address account) {
    this.state = state;
    this.account = account;
  }

  public Address account() {
    return account;
  }

  public UInt256 get(Bytes32 slot) {
    return state.storage(account, slot);
  }

  public void put(Bytes32 slot, UInt256 value) {
    state.setStorage(account, slot, value);
  }

  public long getLong(Bytes32 slot) {
    UInt256 value = get(slot);
    if (!value.fitsLong()) {
      throw new IllegalStateException("module " + account + " slot " + slot + " does not hold a 64-bit value");
    }
    return value.toLong();
  }

  public void putLong(Bytes32 slot, long value) {
    put(slot, UInt256.valueOf(value));
  }

  public Address getAddress(Bytes32 slot) {
    return new Address(get(slot).slice(12, 20));
  }

  public void putAddress(Bytes32 slot, Address value) {
    put(slot, UInt256.fromBytes(Bytes32.leftPad(value.bytes())));
  }

  public Bytes32 getBytes32(Bytes32 slot) {
    return get(slot);
  }

  public void putBytes32(Bytes32 slot, Bytes32 value) {
    put(slot, UInt256.fromBytes(value));
  }

  /**
   * A byte string of any length: its length at {@code slot}, its content in consecutive slots starting
   * at keccak256(slot) (Solidity's layout for long {@code bytes}).
   */
  public Bytes getBytes(Bytes32 slot) {
    long length = getLong(slot);
    if (length == 0) {
      return Bytes.EMPTY;
    }
    Bytes32 start = Keccak256.hash(slot);
    byte[] out = new byte[Math.toIntExact(length)];
    for (int word = 0; word * 32L < length; word++) {
      Bytes32 chunk = get(offset(start, word));
      int n = (int) Math.min(32, length - word * 32L);
      System.arraycopy(chunk.toArrayUnsafe(), 0, out, word * 32, n);
    }
    return Bytes.wrap(out);
  }

  public void putBytes(Bytes32 slot, Bytes value) {
    long oldLength = getLong(slot);
    Bytes32 start = Keccak256.hash(slot);
    int words = (value.size() + 31) / 32;
    for (int word = 0; word < words; word++) {
      int n = Math.min(32, value.size() - word * 32);
      Bytes32 chunk = Bytes32.rightPad(value.slice(word * 32, n));
      put(offset(start, word), UInt256.fromBytes(chunk));
    }
    for (long word = words; word * 32 < oldLength; word++) {
      put(offset(start, word), UInt256.ZERO); // clear the tail of a longer old value
    }
    putLong(slot, value.size());
  }

  /** The slot of {@code key} in a mapping whose base slot is {@code base}: keccak256(key ‖ base). */
  public static Bytes32 mappingSlot(Bytes32 base, Bytes key) {
    return Keccak256.hash(Bytes.concatenate(key, base));
  }

  /** Slot {@code base + index}: fields of a struct or elements of an array. */
  public static Bytes32 offset(Bytes32 base, long index) {
    return UInt256.fromBytes(base).add(UInt256.valueOf(index));
  }

  /** A named root slot: keccak256 of the name, so a module's fields never collide. */
  public static Bytes32 namedSlot(String name) {
    return Keccak256.hash(Bytes.wrap(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
