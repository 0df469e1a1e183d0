package io.veritas.chain.p2p.multistream;

import io.veritas.chain.p2p.wire.WireFormatException;

/** multistream-select failed: wrong header, unexpected answer, or no common protocol. */
public final class NegotiationException extends WireFormatException {
  public NegotiationException(String message) {
    super(message);
  }
}
