package io.veritas.market.worker;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import java.math.BigInteger;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Testing only: how a provider misbehaves, to show that verification catches it. Which jobs are affected is
 * decided per job from keccak256("veritas.fault" ‖ provider ‖ uint256(jobId)), so a run is reproducible.
 *
 * @param wrongOutputFraction share of jobs whose last output token is replaced (the trace is of the real output)
 * @param wrongTraceFraction share of jobs committed with a trace root that is not the computation's
 * @param neverCommit never sends a result (its jobs time out)
 * @param neverReveal never reveals its trace root when challenged
 */
public record ProviderFaults(double wrongOutputFraction, double wrongTraceFraction, boolean neverCommit, boolean neverReveal) {
  public static final ProviderFaults NONE = new ProviderFaults(0, 0, false, false);

  public ProviderFaults {
    requireFraction("wrongOutputFraction", wrongOutputFraction);
    requireFraction("wrongTraceFraction", wrongTraceFraction);
  }

  private static void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
  }

  public boolean any() {
    return wrongOutputFraction > 0 || wrongTraceFraction > 0 || neverCommit || neverReveal;
  }

  /** Whether job {@code jobId} falls in {@code fraction}: a uniform value in [0, 1) from the job and provider. */
  static boolean hits(double fraction, Address provider, BigInteger jobId) {
    if (fraction <= 0) {
      return false;
    }
    Bytes32 h = Keccak256.hash(Bytes.concatenate(
        Bytes.wrap("veritas.fault".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), provider.bytes(),
        UInt256.valueOf(jobId).toBytes()));
    double u = (h.getLong(0) >>> 11) * 0x1.0p-53;
    return u < fraction;
  }
}
