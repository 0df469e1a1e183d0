package io.veritas.chain.tx;

/**
 * A transaction that cannot be accepted: malformed encoding, bad signature, out-of-range field or a broken
 * validity rule. The message names the problem and the values involved.
 */
public final class InvalidTransactionException extends RuntimeException {
  public InvalidTransactionException(String message) {
    super(message);
  }

  public InvalidTransactionException(String message, Throwable cause) {
    super(message, cause);
  }
}
