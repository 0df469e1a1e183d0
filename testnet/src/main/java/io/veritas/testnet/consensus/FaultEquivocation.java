package io.veritas.testnet.consensus;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.consensus.message.BlockId;
import io.veritas.consensus.message.SignBytes;
import io.veritas.consensus.message.Vote;
import io.veritas.consensus.signing.Signer;
import java.util.Optional;
import org.apache.tuweni.bytes.Bytes;

/**
 * <b>Testing only</b>: makes this validator a double signer, so that evidence and slashing can be exercised on a real
 * network. While on, every own vote is followed by a second one for the same height, round and type naming another
 * block (nil for a block, a made-up id for nil), signed with the validator key directly — around the vote guard, which
 * exists to make exactly this impossible. Off unless switched on through {@code admin_faultEquivocate}.
 */
public final class FaultEquivocation {
  private final Signer signer;
  private final long chainId;
  private volatile boolean on;

  public FaultEquivocation(Signer signer, long chainId) {
    this.signer = signer;
    this.chainId = chainId;
  }

  public void set(boolean equivocate) {
    on = equivocate;
  }

  public boolean isOn() {
    return on;
  }

  /** The conflicting twin of {@code own}, when switched on and {@code own} is this validator's vote. */
  public Optional<Vote> conflicting(Vote own) {
    if (!on || !own.validator().equals(signer.address())) {
      return Optional.empty();
    }
    BlockId other = own.blockId().isNil()
        ? BlockId.of(Keccak256.hash(Bytes.concatenate(Bytes.wrap(own.signBytes(chainId)), Bytes.of(1))).toArrayUnsafe())
        : BlockId.NIL;
    byte[] signature = signer.sign(SignBytes.vote(chainId, own.type(), own.height(), own.round(), other));
    return Optional.of(new Vote(own.type(), own.height(), own.round(), other, own.validator(), signature));
  }
}
