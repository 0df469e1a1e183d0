package io.veritas.chain.execution;

/** A block that breaks a rule of the chain: it is rejected whole and nothing of it is stored. */
public final class InvalidBlockException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidBlockException(String message) {
    super(message);
  }

  public InvalidBlockException(String message, Throwable cause) {
    super(message, cause);
  }
}
