package io.veritas.chain.p2p.reqresp;

import io.netty.buffer.Unpooled;
import io.veritas.chain.p2p.stream.LengthPrefixedReader;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.transport.Connection;
import io.veritas.chain.p2p.wire.LengthPrefixedDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/response over libp2p streams: one stream per request; the requester writes one unsigned-varint
 * length-prefixed request and half-closes, the responder answers with one length-prefixed response and closes.
 */
public final class RequestResponse {
  private static final Logger LOG = LoggerFactory.getLogger(RequestResponse.class);

  private RequestResponse() {}

  /** The responder's stream handler for one protocol. */
  public static StreamHandler responder(String protocol, int maxRequestSize, RequestHandler handler) {
    return new LengthPrefixedReader(maxRequestSize, (stream, request) -> {
      CompletableFuture<byte[]> response;
      try {
        response = handler.handle(stream.remotePeer(), request);
      } catch (RuntimeException e) {
        response = CompletableFuture.failedFuture(e);
      }
      response.whenComplete((bytes, error) -> {
        if (error != null || bytes == null) {
          LOG.debug("{} handler failed for request from {}: {}", protocol, stream.remotePeer(),
              error == null ? "null response" : error.toString());
          stream.reset();
        } else {
          stream.write(LengthPrefixedDecoder.encode(Unpooled.buffer(bytes.length + 5), bytes));
          stream.closeWrite();
        }
      });
      return false; // one request per stream
    });
  }

  /** Sends one request on a new stream of {@code connection}. */
  public static CompletableFuture<byte[]> request(Connection connection, String protocol, byte[] request,
      int maxResponseSize, Duration timeout, ScheduledExecutorService scheduler) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    ScheduledFuture<?> timer = scheduler.schedule(() -> result.completeExceptionally(new TimeoutException(
        protocol + " request to " + connection.remotePeer() + " timed out after " + timeout)),
        timeout.toMillis(), TimeUnit.MILLISECONDS);
    CompletableFuture<P2pStream> opened = connection.openStream(List.of(protocol),
        s -> new LengthPrefixedReader(maxResponseSize, new LengthPrefixedReader.MessageHandler() {
          @Override
          public boolean onMessage(P2pStream stream, byte[] message) {
            result.complete(message);
            return false;
          }

          @Override
          public void onEnd(P2pStream stream, boolean clean) {
            result.completeExceptionally(new RequestFailedException(protocol + " request to " + stream.remotePeer()
                + (clean ? " got no response" : " failed: stream reset or response over " + maxResponseSize + " bytes")));
          }
        }));
    opened.whenComplete((stream, error) -> {
      if (error != null) {
        result.completeExceptionally(error);
        return;
      }
      stream.write(LengthPrefixedDecoder.encode(Unpooled.buffer(request.length + 5), request));
      stream.closeWrite();
      result.whenComplete((r, e) -> {
        if (e != null) {
          stream.reset();
        }
      });
    });
    result.whenComplete((r, e) -> timer.cancel(false));
    return result;
  }
}
