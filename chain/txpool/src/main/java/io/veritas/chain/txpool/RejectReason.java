package io.veritas.chain.txpool;

/** Why the pool refused a transaction; the {@link AddResult.Rejected} message carries the values. */
public enum RejectReason {
  /** The EIP-155 / typed-envelope chain id is not this chain's. */
  INVALID_CHAIN_ID,
  /** A legacy transaction signed without EIP-155 replay protection (no chain id). */
  MISSING_CHAIN_ID,
  /** The nonce is below the sender's account nonce: it was already used. */
  NONCE_TOO_LOW,
  /** The nonce is further ahead of the sender's next expected nonce than the pool queues. */
  NONCE_TOO_HIGH,
  /** The sender already holds the maximum number of transactions in the pool. */
  SENDER_LIMIT,
  /** The balance does not cover gas limit × max fee + value (plus the sender's other pooled transactions). */
  INSUFFICIENT_FUNDS,
  /** The gas limit is below the transaction's intrinsic gas. */
  INTRINSIC_GAS_TOO_LOW,
  /** The gas limit exceeds the block gas limit, so it could never be included. */
  GAS_LIMIT_EXCEEDED,
  /** The priority fee (tip) is below the pool's minimum. */
  UNDERPRICED,
  /** The max priority fee per gas is above the max fee per gas (EIP-1559 rule). */
  TIP_ABOVE_FEE_CAP,
  /** Another stateless consensus rule is broken (EIP-3860 initcode size, gas × price overflowing 256 bits). */
  INVALID,
  /** The encoded transaction is larger than the pool's size limit. */
  OVERSIZED,
  /** A transaction with the same hash is already in the pool. */
  ALREADY_KNOWN,
  /** A transaction with the same sender and nonce is pooled and the new one does not pay enough more. */
  REPLACEMENT_UNDERPRICED,
  /** The pool is full and the transaction does not pay more than the cheapest one it could evict. */
  POOL_FULL
}
