package io.veritas.verifier.rules;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import java.nio.charset.StandardCharsets;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;

/**
 * The commitments of the verification game (ARCHITECTURE.md §5.3, §6.2), pure.
 *
 * <ul>
 *   <li>A verifier's sealed verdict: {@code keccak256(verdictRoot ‖ salt ‖ verifier)} (32 + 32 + 20 bytes). The
 *       verifier's address in the seal stops another verifier from copying a seal it sees on chain.
 *   <li>A provider's sealed trace (committed with its result): {@code keccak256(traceRoot ‖ salt)}.
 *   <li>What a verifier's worker reports: the trace root it replayed when every output token is the sampler's
 *       choice; otherwise {@link #mismatchRoot} of the first position that is not, so a wrong output can never
 *       "agree" with any trace root the provider reveals.
 * </ul>
 */
public final class VerdictSeal {
  private static final Bytes MISMATCH_LABEL = Bytes.wrap("veritas.mismatch".getBytes(StandardCharsets.US_ASCII));

  private VerdictSeal() {}

  public static Bytes32 sealVerdict(Bytes32 verdictRoot, Bytes32 salt, Address verifier) {
    return Keccak256.hash(Bytes.concatenate(verdictRoot, salt, verifier.bytes()));
  }

  public static Bytes32 sealTrace(Bytes32 traceRoot, Bytes32 salt) {
    return Keccak256.hash(Bytes.concatenate(traceRoot, salt));
  }

  /** keccak256("veritas.mismatch" ‖ uint32(position)): the verdict for output token {@code position} not being the sampler's choice. */
  public static Bytes32 mismatchRoot(long position) {
    if (position < 0 || position > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("mismatch position must be a uint32, got " + position);
    }
    return Keccak256.hash(Bytes.concatenate(MISMATCH_LABEL, Bytes.ofUnsignedInt(position)));
  }
}
