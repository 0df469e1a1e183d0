package io.veritas.chain.p2p.reqresp;

/** A request got no (valid) response: the peer reset the stream, closed it early, or answered too much. */
public final class RequestFailedException extends RuntimeException {
  public RequestFailedException(String message) {
    super(message);
  }
}
