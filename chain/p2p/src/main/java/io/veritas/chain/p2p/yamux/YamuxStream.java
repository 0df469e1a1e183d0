package io.veritas.chain.p2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One yamux stream. Public methods hop to the connection's event loop; everything else runs on it. Outbound
 * bytes beyond the peer's window wait in a bounded queue; inbound bytes are handed to the handler at once and
 * the window is re-granted once half of it has been consumed.
 */
public final class YamuxStream implements P2pStream {
  private static final Logger LOG = LoggerFactory.getLogger(YamuxStream.class);

  private final YamuxSession session;
  private final int id;
  private final boolean initiator;
  private StreamHandler handler;
  private volatile String protocol;
  private long sendWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
  private long receiveWindow;
  private long consumedSinceUpdate;
  private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>();
  private long pendingBytes;
  private boolean finRequested;
  private boolean localClosed;
  private boolean remoteClosed;
  private boolean closed;

  YamuxStream(YamuxSession session, int id, boolean initiator, StreamHandler handler) {
    this.session = session;
    this.id = id;
    this.initiator = initiator;
    this.handler = handler;
    this.receiveWindow = session.config().initialWindow();
  }

  int id() {
    return id;
  }

  long receiveWindow() {
    return receiveWindow;
  }

  void setInitialHandler(StreamHandler handler) {
    this.handler = handler;
  }

  @Override
  public PeerId remotePeer() {
    return session.remotePeer();
  }

  @Override
  public boolean isInitiator() {
    return initiator;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  public void setProtocol(String protocol) {
    this.protocol = protocol;
  }

  @Override
  public ByteBufAllocator alloc() {
    return session.ctx().alloc();
  }

  @Override
  public java.util.concurrent.Executor executor() {
    return session.ctx().executor();
  }

  @Override
  public void setHandler(StreamHandler handler) {
    onLoop(() -> this.handler = handler);
  }

  @Override
  public void write(ByteBuf data) {
    onLoop(() -> doWrite(data));
  }

  @Override
  public void closeWrite() {
    onLoop(() -> {
      if (!closed && !finRequested) {
        finRequested = true;
        flush();
      }
    });
  }

  @Override
  public void reset() {
    onLoop(() -> {
      if (!closed) {
        session.writeFrame(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0));
        session.ctx().flush();
        terminate();
      }
    });
  }

  private void onLoop(Runnable task) {
    if (session.ctx().executor().inEventLoop()) {
      task.run();
    } else {
      session.ctx().executor().execute(task);
    }
  }

  private void doWrite(ByteBuf data) {
    if (closed || finRequested) {
      data.release();
      return;
    }
    pending.add(data);
    pendingBytes += data.readableBytes();
    if (pendingBytes > session.config().maxPendingWriteBytes()) {
      LOG.warn("stream {} to {} ({}) has {} bytes queued beyond the peer's window (limit {}); resetting it",
          Integer.toUnsignedString(id), remotePeer(), protocol, pendingBytes, session.config().maxPendingWriteBytes());
      reset();
      return;
    }
    flush();
  }

  private void flush() {
    boolean wrote = false;
    while (!pending.isEmpty() && sendWindow > 0) {
      ByteBuf head = pending.peek();
      int n = (int) Math.min(Math.min(head.readableBytes(), sendWindow), YamuxSession.MAX_SEND_FRAME);
      session.writeData(id, 0, head, n);
      sendWindow -= n;
      pendingBytes -= n;
      wrote = true;
      if (!head.isReadable()) {
        pending.poll().release();
      }
    }
    if (finRequested && !localClosed && pending.isEmpty()) {
      localClosed = true;
      session.writeFrame(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_FIN, id, 0));
      wrote = true;
      if (remoteClosed) {
        finish();
      }
    }
    if (wrote) {
      session.flushSoon();
    }
  }

  void onWindowUpdate(long delta) {
    sendWindow += delta;
    if (sendWindow > 0xFFFF_FFFFL) {
      throw new io.veritas.chain.p2p.wire.WireFormatException(
          "yamux window update grows the send window of stream " + Integer.toUnsignedString(id) + " past 2^32-1");
    }
    flush();
  }

  void onData(ByteBuf data) {
    int n = data.readableBytes();
    receiveWindow -= n;
    if (remoteClosed || handler == null) {
      return; // data after FIN is dropped; the window is still accounted
    }
    try {
      handler.onData(this, data);
    } catch (RuntimeException e) {
      LOG.warn("handler of stream {} ({}) from {} failed, resetting the stream: {}", Integer.toUnsignedString(id),
          protocol, remotePeer(), e.toString());
      reset();
      return;
    }
    consumedSinceUpdate += n;
    if (!closed && consumedSinceUpdate >= session.config().initialWindow() / 2) {
      session.writeFrame(new YamuxFrame(YamuxFrame.TYPE_WINDOW_UPDATE, 0, id, consumedSinceUpdate));
      session.ctx().flush();
      receiveWindow += consumedSinceUpdate;
      consumedSinceUpdate = 0;
    }
  }

  void onRemoteFin() {
    if (remoteClosed || closed) {
      return;
    }
    remoteClosed = true;
    if (handler != null) {
      try {
        handler.onRemoteClose(this);
      } catch (RuntimeException e) {
        LOG.warn("handler of stream {} ({}) failed on remote close: {}", Integer.toUnsignedString(id), protocol, e.toString());
        reset();
        return;
      }
    }
    if (localClosed) {
      finish();
    }
  }

  void onRemoteReset() {
    terminate();
  }

  void onConnectionClosed() {
    if (!closed) {
      closed = true;
      releasePending();
      notifyClosed();
    }
  }

  private void finish() {
    terminate();
  }

  private void terminate() {
    if (closed) {
      return;
    }
    closed = true;
    session.removeStream(this);
    releasePending();
    notifyClosed();
  }

  private void releasePending() {
    ByteBuf b;
    while ((b = pending.poll()) != null) {
      b.release();
    }
    pendingBytes = 0;
  }

  private void notifyClosed() {
    if (handler != null) {
      try {
        handler.onClosed(this);
      } catch (RuntimeException e) {
        LOG.warn("handler of stream {} ({}) failed on close: {}", Integer.toUnsignedString(id), protocol, e.toString());
      }
    }
  }

  @Override
  public String toString() {
    return "YamuxStream[" + Integer.toUnsignedString(id) + " " + remotePeer() + " " + protocol + "]";
  }
}
