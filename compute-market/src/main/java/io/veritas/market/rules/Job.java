package io.veritas.market.rules;

import io.veritas.chain.types.Address;
import java.math.BigInteger;
import java.util.Objects;
import org.apache.tuweni.bytes.Bytes32;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * A job's record (without its prompt and output tokens, which are stored apart). Block heights are 0 for a
 * phase the job has not reached.
 *
 * @param id job id, from 1
 * @param seed the client's sampling seed, a uint64 kept as its 64 bits
 * @param pricePerToken the assigned provider's price when it was assigned: the fee is outputTokens × this
 * @param fee wei owed to the provider once committed (0 before)
 * @param outputTokenCount number of output tokens committed (0 before)
 * @param reassignments how many times the job moved to another provider after a missed deadline (0 or 1)
 * @param previousProvider the provider that missed the deadline, or {@link Address#ZERO}
 */
public record Job(
    BigInteger id,
    JobStatus status,
    Address client,
    Address provider,
    Bytes32 model,
    long maxTokens,
    long seed,
    UInt256 escrow,
    UInt256 pricePerToken,
    UInt256 fee,
    long outputTokenCount,
    Bytes32 sealedTrace,
    long submittedAt,
    long assignedAt,
    long committedAt,
    long closedAt,
    int reassignments,
    Address previousProvider) {

  public Job {
    Objects.requireNonNull(id, "id");
    if (id.signum() <= 0) {
      throw new IllegalArgumentException("job ids start at 1, got " + id);
    }
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(escrow, "escrow");
    Objects.requireNonNull(pricePerToken, "pricePerToken");
    Objects.requireNonNull(fee, "fee");
    Objects.requireNonNull(sealedTrace, "sealedTrace");
    Objects.requireNonNull(previousProvider, "previousProvider");
    if (maxTokens < 1 || maxTokens > MarketParameters.MAX_UINT32) {
      throw new IllegalArgumentException("job " + id + " maxTokens must be in [1, 2^32-1], got " + maxTokens);
    }
    if (outputTokenCount < 0 || outputTokenCount > maxTokens) {
      throw new IllegalArgumentException("job " + id + " has " + outputTokenCount + " output tokens, more than maxTokens " + maxTokens);
    }
    if (fee.greaterThan(escrow)) {
      throw new IllegalArgumentException("job " + id + " fee " + fee.toDecimalString() + " exceeds its escrow " + escrow.toDecimalString());
    }
    if (reassignments < 0) {
      throw new IllegalArgumentException("job " + id + " reassignments must not be negative: " + reassignments);
    }
  }

  /** The seed as the unsigned 64-bit number the client sent. */
  public BigInteger seedUnsigned() {
    return new BigInteger(Long.toUnsignedString(seed));
  }

  /** The same job in another status (the rest unchanged). */
  public Job withStatus(JobStatus newStatus) {
    return new Job(id, newStatus, client, provider, model, maxTokens, seed, escrow, pricePerToken, fee, outputTokenCount, sealedTrace,
        submittedAt, assignedAt, committedAt, closedAt, reassignments, previousProvider);
  }

  /** The job closed in a final status at block {@code height}. */
  public Job closed(JobStatus finalStatus, long height) {
    if (!finalStatus.isFinal()) {
      throw new IllegalArgumentException("job " + id + " cannot close as " + finalStatus + ": not a final status");
    }
    return new Job(id, finalStatus, client, provider, model, maxTokens, seed, escrow, pricePerToken, fee, outputTokenCount, sealedTrace,
        submittedAt, assignedAt, committedAt, height, reassignments, previousProvider);
  }
}
