package io.veritas.chain.txpool;

import java.util.Objects;
import org.apache.tuweni.units.bigints.UInt256;

/**
 * Limits and policy of a {@link TransactionPool}.
 *
 * @param chainId the only chain id accepted (EIP-155 / typed envelopes)
 * @param maxTransactions how many transactions the pool holds before it evicts the lowest-paying
 * @param maxBytes total encoded size the pool holds before it evicts the lowest-paying
 * @param maxPerSender how many transactions (pending and queued) one sender may hold
 * @param maxNonceGap how far past the sender's next expected nonce (account nonce + its contiguous pending
 *     transactions) a queued transaction's nonce may be; bounds the memory a sender can pin behind a gap
 * @param maxTransactionSize largest accepted encoded transaction, in bytes
 * @param minPriorityFee the tip floor: a transaction whose max priority fee per gas (a legacy transaction's
 *     gas price) is below it is rejected as underpriced
 * @param priceBumpPercent how much more (on both max fee and tip) a replacement must pay than the transaction
 *     with the same sender and nonce it replaces
 * @param blockGasLimit a transaction whose gas limit exceeds it can never be included and is rejected
 */
public record TxPoolConfig(
    long chainId,
    int maxTransactions,
    long maxBytes,
    int maxPerSender,
    long maxNonceGap,
    int maxTransactionSize,
    UInt256 minPriorityFee,
    int priceBumpPercent,
    long blockGasLimit) {

  public static final int DEFAULT_MAX_TRANSACTIONS = 50_000;
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_MAX_PER_SENDER = 1_000;
  public static final long DEFAULT_MAX_NONCE_GAP = 64;
  public static final int DEFAULT_MAX_TRANSACTION_SIZE = 128 * 1024;
  /** 1 gwei: the tip ethers, MetaMask and geth's default miner policy use. */
  public static final UInt256 DEFAULT_MIN_PRIORITY_FEE = UInt256.valueOf(1_000_000_000L);
  public static final int DEFAULT_PRICE_BUMP_PERCENT = 10;
  public static final long DEFAULT_BLOCK_GAS_LIMIT = 30_000_000L;

  public TxPoolConfig {
    Objects.requireNonNull(minPriorityFee, "minPriorityFee");
    requirePositive("chainId", chainId);
    requirePositive("maxTransactions", maxTransactions);
    requirePositive("maxBytes", maxBytes);
    requirePositive("maxPerSender", maxPerSender);
    if (maxNonceGap < 0) {
      throw new IllegalArgumentException("maxNonceGap must not be negative, got " + maxNonceGap);
    }
    requirePositive("maxTransactionSize", maxTransactionSize);
    if (maxTransactionSize > maxBytes) {
      throw new IllegalArgumentException(
          "maxTransactionSize " + maxTransactionSize + " exceeds maxBytes " + maxBytes);
    }
    if (priceBumpPercent < 0) {
      throw new IllegalArgumentException("priceBumpPercent must not be negative, got " + priceBumpPercent);
    }
    requirePositive("blockGasLimit", blockGasLimit);
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** A builder starting from the defaults; only the chain id has none. */
  public static Builder builder(long chainId) {
    return new Builder(chainId);
  }

  public static final class Builder {
    private final long chainId;
    private int maxTransactions = DEFAULT_MAX_TRANSACTIONS;
    private long maxBytes = DEFAULT_MAX_BYTES;
    private int maxPerSender = DEFAULT_MAX_PER_SENDER;
    private long maxNonceGap = DEFAULT_MAX_NONCE_GAP;
    private int maxTransactionSize = DEFAULT_MAX_TRANSACTION_SIZE;
    private UInt256 minPriorityFee = DEFAULT_MIN_PRIORITY_FEE;
    private int priceBumpPercent = DEFAULT_PRICE_BUMP_PERCENT;
    private long blockGasLimit = DEFAULT_BLOCK_GAS_LIMIT;

    private Builder(long chainId) {
      this.chainId = chainId;
    }

    public Builder maxTransactions(int value) {
      this.maxTransactions = value;
      return this;
    }

    public Builder maxBytes(long value) {
      this.maxBytes = value;
      return this;
    }

    public Builder maxPerSender(int value) {
      this.maxPerSender = value;
      return this;
    }

    public Builder maxNonceGap(long value) {
      this.maxNonceGap = value;
      return this;
    }

    public Builder maxTransactionSize(int value) {
      this.maxTransactionSize = value;
      return this;
    }

    public Builder minPriorityFee(UInt256 value) {
      this.minPriorityFee = value;
      return this;
    }

    public Builder priceBumpPercent(int value) {
      this.priceBumpPercent = value;
      return this;
    }

    public Builder blockGasLimit(long value) {
      this.blockGasLimit = value;
      return this;
    }

    public TxPoolConfig build() {
      return new TxPoolConfig(
          chainId,
          maxTransactions,
          maxBytes,
          maxPerSender,
          maxNonceGap,
          maxTransactionSize,
          minPriorityFee,
          priceBumpPercent,
          blockGasLimit);
    }
  }
}
