package io.veritas.chain.p2p.transport;

/** No protocol could be agreed on a new stream, or the stream closed during negotiation. */
public final class StreamNegotiationFailedException extends RuntimeException {
  public StreamNegotiationFailedException(String message) {
    super(message);
  }
}
