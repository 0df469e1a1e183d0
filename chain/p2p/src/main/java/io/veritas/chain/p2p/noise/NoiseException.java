package io.veritas.chain.p2p.noise;

import io.veritas.chain.p2p.wire.WireFormatException;

/** The Noise handshake or transport failed: bad frame, failed authentication, bad identity signature. */
public final class NoiseException extends WireFormatException {
  public NoiseException(String message) {
    super(message);
  }

  public NoiseException(String message, Throwable cause) {
    super(message, cause);
  }
}
