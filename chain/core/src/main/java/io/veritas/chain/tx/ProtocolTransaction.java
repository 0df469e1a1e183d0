package io.veritas.chain.tx;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.rlp.InvalidRlpException;
import io.veritas.chain.rlp.Rlp;
import io.veritas.chain.types.Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.rlp.RLP;
import org.apache.tuweni.rlp.RLPWriter;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A transaction the protocol creates, not a user: a call from {@link #SYSTEM_ADDRESS} into a native module,
 * unsigned, free of gas and fees. Encoding (EIP-2718 envelope of our own): type ‖ RLP [chainId, blockNumber,
 * index, to, data], where {@code index} is the transaction's position in its block, so that two equal calls in
 * two blocks (or one block) still have different hashes.
 *
 * <p>Types: {@link #CHALLENGE} (0x7c: verification challenges and the resolution of disputes), {@link #PAYOUT}
 * (0x7d: fee settlements, refunds and epoch reward payouts) — both computed by every node from the parent
 * state, so a block that omits or alters them is invalid — and {@link #EVIDENCE} (0x7e: double-sign evidence the
 * proposer includes, valid only if it executes successfully). {@link TransactionDecoder#decode} refuses all three:
 * only blocks carry them.
 */
public record ProtocolTransaction(int type, long chainIdValue, long blockNumber, int index, Address target, Bytes data)
    implements Transaction {
  public static final int CHALLENGE = 0x7c;
  public static final int PAYOUT = 0x7d;
  public static final int EVIDENCE = 0x7e;

  /** The sender of every protocol transaction; no key is known for it (as Ethereum's EIP-4788 system address). */
  public static final Address SYSTEM_ADDRESS = Address.fromHex("0xfffffffffffffffffffffffffffffffffffffffe");

  public ProtocolTransaction {
    if (!isProtocolType(type)) {
      throw new IllegalArgumentException(String.format("0x%02x is not a protocol transaction type", type));
    }
    TransactionFields.requireChainId(chainIdValue);
    if (blockNumber < 1) {
      throw new IllegalArgumentException("protocol transaction block number must be >= 1, got " + blockNumber);
    }
    if (index < 0) {
      throw new IllegalArgumentException("protocol transaction index must be >= 0, got " + index);
    }
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(data, "data");
  }

  public static boolean isProtocolType(int type) {
    return type == CHALLENGE || type == PAYOUT || type == EVIDENCE;
  }

  /** Short name of a protocol type for logs and RPC: "challenge", "payout" or "evidence". */
  public String kind() {
    return switch (type) {
      case CHALLENGE -> "challenge";
      case PAYOUT -> "payout";
      default -> "evidence";
    };
  }

  @Override
  public Optional<Long> chainId() {
    return Optional.of(chainIdValue);
  }

  /** Always 0: protocol transactions take no nonce from any account. */
  @Override
  public long nonce() {
    return 0;
  }

  /** Always 0: protocol transactions use none of the block's gas. */
  @Override
  public long gasLimit() {
    return 0;
  }

  @Override
  public Optional<Address> to() {
    return Optional.of(target);
  }

  @Override
  public UInt256 value() {
    return UInt256.ZERO;
  }

  @Override
  public UInt256 maxFeePerGas() {
    return UInt256.ZERO;
  }

  @Override
  public UInt256 maxPriorityFeePerGas() {
    return UInt256.ZERO;
  }

  @Override
  public List<AccessListEntry> accessList() {
    return List.of();
  }

  @Override
  public Address sender() {
    return SYSTEM_ADDRESS;
  }

  /** Nobody signs a protocol transaction: its "signing hash" is its hash. */
  @Override
  public Bytes32 signingHash() {
    return Keccak256.hash(encoded());
  }

  @Override
  public Bytes encoded() {
    return Bytes.concatenate(Bytes.of(type), RLP.encodeList(this::writeFields));
  }

  private void writeFields(RLPWriter w) {
    w.writeLong(chainIdValue);
    w.writeLong(blockNumber);
    w.writeInt(index);
    w.writeValue(target.bytes());
    w.writeValue(data);
  }

  /** Decodes the RLP payload after the type byte. */
  static ProtocolTransaction decodePayload(int type, Bytes payload) {
    try {
      return Rlp.decodeList(
          payload,
          "protocol transaction",
          r -> {
            long chainId = Rlp.readLong(r, "chainId");
            long number = Rlp.readLong(r, "blockNumber");
            int index = Rlp.readInt(r, "index");
            Address to = Rlp.readAddress(r, "to");
            Bytes data = Rlp.readBytes(r, "data");
            try {
              return new ProtocolTransaction(type, chainId, number, index, to, data);
            } catch (IllegalArgumentException e) {
              throw new InvalidRlpException(e.getMessage(), e);
            }
          });
    } catch (InvalidRlpException e) {
      throw new InvalidTransactionException("malformed protocol transaction: " + e.getMessage(), e);
    }
  }
}
