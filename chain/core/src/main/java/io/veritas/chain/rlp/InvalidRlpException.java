package io.veritas.chain.rlp;

/** Input that is not canonical RLP or does not have the shape the decoder expects. */
public final class InvalidRlpException extends RuntimeException {
  public InvalidRlpException(String message) {
    super(message);
  }

  public InvalidRlpException(String message, Throwable cause) {
    super(message, cause);
  }
}
