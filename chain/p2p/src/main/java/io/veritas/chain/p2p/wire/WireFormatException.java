package io.veritas.chain.p2p.wire;

/**
 * Bytes received from a peer do not form a valid message of the protocol being decoded (bad varint, oversized
 * frame, unknown field type, wrong header...). Every decoder in this library throws only this type for bad
 * input, so the caller can close the stream or connection and penalise the peer.
 */
public class WireFormatException extends RuntimeException {
  public WireFormatException(String message) {
    super(message);
  }

  public WireFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
