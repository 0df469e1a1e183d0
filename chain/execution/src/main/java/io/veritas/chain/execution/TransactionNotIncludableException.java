package io.veritas.chain.execution;

/**
 * A transaction that cannot be part of a block at all (wrong nonce, unaffordable, wrong chain...). A block
 * that contains one is invalid; a block builder skips it.
 */
public final class TransactionNotIncludableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Whether the same transaction might become includable later (a future nonce, a full block). */
  private final boolean retryable;

  public TransactionNotIncludableException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
