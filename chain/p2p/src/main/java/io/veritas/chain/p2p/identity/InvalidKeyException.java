package io.veritas.chain.p2p.identity;

import io.veritas.chain.p2p.wire.WireFormatException;

/** Key bytes (raw or protobuf) that do not describe a valid key of a supported type. */
public final class InvalidKeyException extends WireFormatException {
  public InvalidKeyException(String message) {
    super(message);
  }

  public InvalidKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
