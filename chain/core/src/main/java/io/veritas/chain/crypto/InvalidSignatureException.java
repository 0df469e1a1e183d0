package io.veritas.chain.crypto;

/** A signature that is malformed, malleable (high s) or from which no public key can be recovered. */
public final class InvalidSignatureException extends RuntimeException {
  public InvalidSignatureException(String message) {
    super(message);
  }

  public InvalidSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
