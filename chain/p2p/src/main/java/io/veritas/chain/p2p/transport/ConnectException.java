package io.veritas.chain.p2p.transport;

/** A dial failed: TCP connect error, handshake failure, or the connection closed before it was established. */
public final class ConnectException extends RuntimeException {
  public ConnectException(String message) {
    super(message);
  }
}
