package io.veritas.chain.p2p.reqresp;

import io.veritas.chain.p2p.identity.PeerId;
import java.util.concurrent.CompletableFuture;

/** Answers requests of one protocol; a failed future resets the stream (the requester sees an error). */
@FunctionalInterface
public interface RequestHandler {
  CompletableFuture<byte[]> handle(PeerId peer, byte[] request);
}
