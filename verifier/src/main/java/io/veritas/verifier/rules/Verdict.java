package io.veritas.verifier.rules;

import io.veritas.chain.types.Address;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;

/**
 * One verifier's part in one round of a challenge. Heights are 0 for a step not taken.
 *
 * @param round 1 for the first round, 2 for the escalation
 * @param sealedHash the committed seal (zero before the commit)
 * @param committedAt block of the commit
 * @param verdictRoot the revealed verdict (zero before the reveal)
 * @param revealedAt block of the reveal
 */
public record Verdict(Address verifier, int round, Bytes32 sealedHash, long committedAt, Bytes32 verdictRoot, long revealedAt) {
  public Verdict {
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(sealedHash, "sealedHash");
    Objects.requireNonNull(verdictRoot, "verdictRoot");
    if (round != 1 && round != 2) {
      throw new IllegalArgumentException("verdict round must be 1 or 2, got " + round);
    }
    if (committedAt < 0 || revealedAt < 0 || (revealedAt > 0 && committedAt == 0)) {
      throw new IllegalArgumentException(
          "verdict of " + verifier + " has inconsistent heights: committedAt=" + committedAt + " revealedAt=" + revealedAt);
    }
  }

  /** A drawn verifier that has not acted yet. */
  public static Verdict drawn(Address verifier, int round) {
    return new Verdict(verifier, round, Bytes32.ZERO, 0, Bytes32.ZERO, 0);
  }

  public boolean committed() {
    return committedAt > 0;
  }

  public boolean revealed() {
    return revealedAt > 0;
  }

  public Verdict withCommit(Bytes32 seal, long height) {
    return new Verdict(verifier, round, seal, height, verdictRoot, revealedAt);
  }

  public Verdict withReveal(Bytes32 root, long height) {
    return new Verdict(verifier, round, sealedHash, committedAt, root, height);
  }
}
