package io.veritas.verifier.rules;

import io.veritas.chain.crypto.Keccak256;
import io.veritas.chain.types.Address;
import io.veritas.market.rules.Provider;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Which results are challenged and who verifies them (ARCHITECTURE.md §6.1), pure: every validator computes the
 * same answer from the block's beacon.
 *
 * <p><b>Challenge decision</b>: job {@code jobId} is challenged iff
 * {@code uint256(keccak256(beacon ‖ uint256(jobId) ‖ "challenge")) mod 10000 < p}, with {@code p} the provider's
 * probability in basis points ({@link VerifierParameters#probabilityBps}).
 *
 * <p><b>Verifier draw</b>: verifiers are drawn one at a time without replacement, weighted by bond, in the market's
 * draw style ({@code ProviderSelection}): draw {@code i} of round {@code round} takes
 * {@code r = uint256(keccak256(beacon ‖ uint256(jobId) ‖ "verifier" ‖ uint256(round) ‖ uint256(i))) mod B}, B the
 * remaining candidates' total bond, and walks them in ascending address order with a running sum of bonds; the
 * first whose running sum exceeds r is drawn. The market's own draw is not reused because its input
 * {@code keccak256(beacon ‖ jobId ‖ attempt)} would give a job's verifier draws the same randomness as its
 * reassignment draws; the labels keep the two apart. The provider is never a candidate; candidates in
 * {@code avoid} (the first round's verifiers, for an escalation) are drawn only once every other candidate is.
 */
public final class ChallengeSelection {
  private static final Bytes CHALLENGE_LABEL = Bytes.wrap("challenge".getBytes(StandardCharsets.US_ASCII));
  private static final Bytes VERIFIER_LABEL = Bytes.wrap("verifier".getBytes(StandardCharsets.US_ASCII));
  private static final BigInteger BPS = BigInteger.valueOf(VerifierParameters.BPS);

  private ChallengeSelection() {}

  /** keccak256(beacon ‖ uint256(jobId) ‖ "challenge") mod 10000: the job is challenged iff this is below p. */
  public static int challengeRoll(Bytes32 beacon, BigInteger jobId) {
    Bytes32 hash = Keccak256.hash(Bytes.concatenate(beacon, UInt256.valueOf(jobId), CHALLENGE_LABEL));
    return hash.toUnsignedBigInteger().mod(BPS).intValueExact();
  }

  public static boolean isChallenged(Bytes32 beacon, BigInteger jobId, int probabilityBps) {
    return challengeRoll(beacon, jobId) < probabilityBps;
  }

  /**
   * Draws up to {@code count} distinct verifiers among {@code candidates} (serving providers of the job's model),
   * never {@code provider}, preferring those not in {@code avoid}; fewer when fewer are available.
   */
  public static List<Address> drawVerifiers(
      Collection<Provider> candidates, Address provider, Collection<Address> avoid, int count, Bytes32 beacon, BigInteger jobId,
      int round) {
    Objects.requireNonNull(provider, "provider");
    if (count < 0) {
      throw new IllegalArgumentException("verifier count must not be negative: " + count);
    }
    List<Provider> fresh = new ArrayList<>();
    List<Provider> reused = new ArrayList<>();
    for (Provider candidate : candidates) {
      if (candidate.address().equals(provider) || candidate.bond().isZero()) {
        continue;
      }
      (avoid.contains(candidate.address()) ? reused : fresh).add(candidate);
    }
    List<Address> drawn = new ArrayList<>();
    drawFrom(fresh, count, beacon, jobId, round, drawn);
    drawFrom(reused, count, beacon, jobId, round, drawn);
    return List.copyOf(drawn);
  }

  /** Draws from {@code pool} (consumed) until {@code drawn} holds {@code count} or the pool is empty. */
  private static void drawFrom(List<Provider> pool, int count, Bytes32 beacon, BigInteger jobId, int round, List<Address> drawn) {
    pool.sort(Comparator.comparing(Provider::address));
    while (drawn.size() < count && !pool.isEmpty()) {
      BigInteger total = BigInteger.ZERO;
      for (Provider p : pool) {
        total = total.add(p.bond().toBigInteger());
      }
      BigInteger r = drawValue(beacon, jobId, round, drawn.size()).mod(total);
      BigInteger running = BigInteger.ZERO;
      for (int i = 0; i < pool.size(); i++) {
        running = running.add(pool.get(i).bond().toBigInteger());
        if (r.compareTo(running) < 0) {
          drawn.add(pool.remove(i).address());
          break;
        }
      }
    }
  }

  /** keccak256(beacon ‖ uint256(jobId) ‖ "verifier" ‖ uint256(round) ‖ uint256(index)) as an unsigned number. */
  public static BigInteger drawValue(Bytes32 beacon, BigInteger jobId, int round, int index) {
    Bytes input = Bytes.concatenate(beacon, UInt256.valueOf(jobId), VERIFIER_LABEL, UInt256.valueOf(round), UInt256.valueOf(index));
    return Keccak256.hash(input).toUnsignedBigInteger();
  }
}
