package io.veritas.chain.p2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.wire.WireFormatException;
import io.veritas.chain.p2p.yamux.YamuxStream;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * multistream-select on a muxed stream: the stream's first handler. When a protocol is agreed, {@code selected}
 * supplies the protocol's handler, which takes over the stream and receives any bytes that followed the
 * negotiation. Failure resets the stream.
 */
public final class StreamNegotiation implements StreamHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StreamNegotiation.class);
  /** Bytes buffered while negotiating: generous for pipelined proposals, small enough to bound memory. */
  private static final int MAX_BUFFERED = 4 * MultistreamCodec.MAX_MESSAGE_LENGTH;

  private final MultistreamNegotiator negotiator;
  private final BiFunction<P2pStream, String, StreamHandler> selected;
  private final Runnable onFailure;
  private CompositeByteBuf buffer;
  private boolean done;
  /** Set by {@link #onClosed}: the stream is gone, possibly while this negotiation was still sending or selecting. */
  private boolean closed;

  private StreamNegotiation(MultistreamNegotiator negotiator, BiFunction<P2pStream, String, StreamHandler> selected,
      Runnable onFailure) {
    this.negotiator = negotiator;
    this.selected = selected;
    this.onFailure = onFailure;
  }

  /** Installs a negotiation on {@code stream} and sends the opening messages. */
  public static StreamNegotiation start(P2pStream stream, MultistreamNegotiator negotiator,
      BiFunction<P2pStream, String, StreamHandler> selected, Runnable onFailure) {
    StreamNegotiation n = new StreamNegotiation(negotiator, selected, onFailure);
    n.send(stream, negotiator.start());
    return n;
  }

  @Override
  public void onData(P2pStream stream, ByteBuf data) {
    if (done) {
      return;
    }
    if (buffer == null) {
      buffer = stream.alloc().compositeBuffer();
    }
    buffer.addComponent(true, data.retain());
    try {
      if (buffer.readableBytes() > MAX_BUFFERED) {
        throw new WireFormatException("more than " + MAX_BUFFERED + " bytes received during protocol negotiation");
      }
      String message;
      while ((message = MultistreamCodec.decode(buffer)) != null) {
        MultistreamNegotiator.Step step = negotiator.onMessage(message);
        send(stream, step.send());
        if (closed) {
          return; // the write reset the stream (queue over its limit); onClosed already ended the negotiation
        }
        if (step.done()) {
          select(stream, step.selected());
          return;
        }
      }
      buffer.discardReadComponents();
    } catch (WireFormatException e) {
      done = true;
      release();
      LOG.debug("protocol negotiation on {} failed: {}", stream, e.getMessage());
      stream.reset();
      onFailure.run();
    }
  }

  /**
   * Hands the stream to the agreed protocol's handler. {@code selected} may close the stream before it returns,
   * on this very thread: it completes futures whose dependents run inline (a request whose timeout already fired
   * resets its stream the moment the stream is handed over), and the stream's close then reaches this negotiation,
   * still the installed handler. So the bytes that followed the negotiation are taken out of {@link #buffer} before
   * the call, and a close seen during it is passed on to the new handler instead of the stream being handed over.
   */
  private void select(P2pStream stream, String protocol) {
    done = true;
    ByteBuf rest = buffer;
    buffer = null;
    try {
      if (stream instanceof YamuxStream y) {
        y.setProtocol(protocol);
      }
      StreamHandler handler = selected.apply(stream, protocol);
      if (closed) {
        handler.onClosed(stream);
        return;
      }
      stream.setHandler(handler);
      if (rest.isReadable()) {
        handler.onData(stream, rest);
      }
    } finally {
      rest.release();
    }
  }

  @Override
  public void onRemoteClose(P2pStream stream) {
    if (!done) {
      done = true;
      release();
      stream.reset();
      onFailure.run();
    }
  }

  @Override
  public void onClosed(P2pStream stream) {
    closed = true;
    release();
    if (!done) {
      done = true;
      onFailure.run();
    }
  }

  private void release() {
    if (buffer != null) {
      buffer.release();
      buffer = null;
    }
  }

  private void send(P2pStream stream, List<String> messages) {
    if (messages.isEmpty()) {
      return;
    }
    ByteBuf buf = stream.alloc().buffer();
    for (String m : messages) {
      MultistreamCodec.encode(m, buf);
    }
    stream.write(buf);
  }
}
