package io.veritas.chain.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandler;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.identity.PublicKey;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libp2p Noise secure channel (libp2p noise spec) on a Netty pipeline: runs the XX handshake with
 * identity-signed payloads, then encrypts outbound bytes and decrypts inbound frames. Every Noise message is framed
 * with a 2-byte big-endian length (at most 65535).
 *
 * <p>Outbound plaintext written between two flushes is coalesced and sealed into as few Noise frames as possible
 * (each up to 65535 bytes), so a burst of small yamux frames costs one cipher call and one socket write instead of
 * one per frame. The spec makes Noise framing independent of what it carries: a frame may hold several yamux frames
 * and a yamux frame may span frames (the yamux decoder accumulates its input).
 */
public final class NoiseHandler extends ByteToMessageDecoder implements ChannelOutboundHandler {
  public static final String PROTOCOL_ID = "/noise";
  public static final int MAX_FRAME = 65535;
  public static final int MAX_PLAINTEXT = MAX_FRAME - NoiseCipherState.TAG_LENGTH;
  private static final Logger LOG = LoggerFactory.getLogger(NoiseHandler.class);

  private final boolean initiator;
  private final PrivateKey identity;
  private final PeerId expectedPeer;
  private final BiConsumer<ChannelHandlerContext, PeerId> onEstablished;
  private final NoiseXXHandshake handshake;
  private NoiseXXHandshake.TransportCiphers ciphers;
  private boolean failed;
  /** Plaintext written since the last flush, not yet encrypted; null when there is none. */
  private ByteBuf pendingPlain;
  /** Promises of the writes whose bytes are in {@link #pendingPlain} (void promises are not kept). */
  private final List<ChannelPromise> pendingPromises = new ArrayList<>();

  /**
   * @param expectedPeer the peer we dialled, or null when accepting; a different remote identity fails the handshake
   * @param onEstablished called on the event loop once the peer is authenticated, before any transport data is
   *     passed on (the place to install the next pipeline stage)
   */
  public NoiseHandler(boolean initiator, PrivateKey identity, PeerId expectedPeer, SecureRandom random,
      BiConsumer<ChannelHandlerContext, PeerId> onEstablished) {
    this.initiator = initiator;
    this.identity = identity;
    this.expectedPeer = expectedPeer;
    this.onEstablished = onEstablished;
    this.handshake = NoiseXXHandshake.create(initiator, NoiseXXHandshake.generatePrivateKey(random), random);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    if (initiator) {
      writeFrame(ctx, handshake.writeMessage(new byte[0])); // -> e, empty payload
      ctx.flush();
    }
  }

  public boolean isEstablished() {
    return ciphers != null;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    try {
      while (in.readableBytes() >= 2) {
        int length = in.getUnsignedShort(in.readerIndex());
        if (in.readableBytes() < 2 + length) {
          return;
        }
        in.skipBytes(2);
        if (ciphers != null) {
          out.add(decryptFrame(ctx, in, length));
        } else {
          byte[] frame = new byte[length];
          in.readBytes(frame);
          onHandshakeMessage(ctx, frame);
        }
      }
    } catch (NoiseException e) {
      failed = true;
      in.skipBytes(in.readableBytes());
      LOG.warn("noise session with {} failed, closing connection: {}", ctx.channel().remoteAddress(), e.getMessage());
      ctx.close();
    }
  }

  private ByteBuf decryptFrame(ChannelHandlerContext ctx, ByteBuf in, int length) {
    if (length < NoiseCipherState.TAG_LENGTH) {
      throw new NoiseException("transport frame of " + length + " bytes is shorter than the 16-byte tag");
    }
    // One copy of the frame into a pooled heap buffer, then decryption in place there.
    ByteBuf plain = ctx.alloc().heapBuffer(length);
    try {
      in.readBytes(plain, length);
      int n = ciphers.receive().decryptInPlace(plain.array(), plain.arrayOffset() + plain.readerIndex(), length);
      plain.writerIndex(plain.readerIndex() + n);
      return plain;
    } catch (RuntimeException e) {
      plain.release();
      throw e;
    }
  }

  private void onHandshakeMessage(ChannelHandlerContext ctx, byte[] frame) {
    byte[] payload = handshake.readMessage(frame);
    if (initiator) { // read <- e, ee, s, es with the responder's identity; answer -> s, se
      PeerId remote = authenticate(payload);
      writeFrame(ctx, handshake.writeMessage(NoiseHandshakePayload.sign(identity, handshake.staticPublicKey()).encode()));
      ctx.flush();
      established(ctx, remote);
    } else if (!handshake.isComplete()) { // read -> e; answer <- e, ee, s, es
      writeFrame(ctx, handshake.writeMessage(NoiseHandshakePayload.sign(identity, handshake.staticPublicKey()).encode()));
      ctx.flush();
    } else { // read -> s, se
      established(ctx, authenticate(payload));
    }
  }

  private PeerId authenticate(byte[] payload) {
    PublicKey key = NoiseHandshakePayload.decode(payload).verify(handshake.remoteStaticKey());
    PeerId remote = PeerId.fromPublicKey(key);
    if (expectedPeer != null && !expectedPeer.equals(remote)) {
      throw new NoiseException("dialled " + expectedPeer + " but the peer authenticated as " + remote);
    }
    return remote;
  }

  private void established(ChannelHandlerContext ctx, PeerId remote) {
    ciphers = handshake.split();
    onEstablished.accept(ctx, remote);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof ByteBuf data)) {
      ctx.write(msg, promise);
      return;
    }
    if (ciphers == null) {
      data.release();
      promise.setFailure(new IllegalStateException("application data written before the Noise handshake completed"));
      return;
    }
    try {
      if (pendingPlain == null) {
        // Heap buffers: the JDK's ChaCha20-Poly1305 works on arrays and copies direct buffers through temporary
        // arrays of the frame's size, which costs more than Netty's single copy of the sealed frame to the socket.
        pendingPlain = ctx.alloc().heapBuffer(Math.max(data.readableBytes(), 16 * 1024));
      }
      pendingPlain.writeBytes(data);
    } finally {
      data.release();
    }
    if (!promise.isVoid()) {
      pendingPromises.add(promise);
    }
    // Writes without a flush would otherwise grow the buffer without bound; seal whole frames' worth early.
    if (pendingPlain.readableBytes() >= MAX_PLAINTEXT) {
      sealPending(ctx);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    sealPending(ctx);
    ctx.flush();
  }

  /** Encrypts all pending plaintext into consecutive frames and writes them as one buffer. */
  private void sealPending(ChannelHandlerContext ctx) {
    if (pendingPlain == null) {
      return;
    }
    ByteBuf plain = pendingPlain;
    pendingPlain = null;
    ChannelPromise promise = takePendingPromise(ctx);
    int total = plain.readableBytes();
    int frames = (total + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT;
    ByteBuf out = ctx.alloc().heapBuffer(total + frames * (2 + NoiseCipherState.TAG_LENGTH));
    try {
      while (plain.isReadable()) {
        int n = Math.min(plain.readableBytes(), MAX_PLAINTEXT);
        int c = n + NoiseCipherState.TAG_LENGTH;
        out.writeShort(c);
        int written = ciphers.send().encrypt(plain.nioBuffer(plain.readerIndex(), n), out.nioBuffer(out.writerIndex(), c));
        out.writerIndex(out.writerIndex() + written);
        plain.skipBytes(n);
      }
    } catch (NoiseException e) {
      out.release();
      promise.tryFailure(e);
      LOG.warn("noise session with {} cannot encrypt, closing connection: {}", ctx.channel().remoteAddress(),
          e.getMessage());
      ctx.close();
      return;
    } finally {
      plain.release();
    }
    ctx.write(out, promise);
  }

  /** One promise standing for every pending write: the frames carrying their bytes are written together. */
  private ChannelPromise takePendingPromise(ChannelHandlerContext ctx) {
    if (pendingPromises.isEmpty()) {
      return ctx.voidPromise();
    }
    if (pendingPromises.size() == 1) {
      ChannelPromise only = pendingPromises.getFirst();
      pendingPromises.clear();
      return only;
    }
    ChannelPromise[] waiting = pendingPromises.toArray(new ChannelPromise[0]);
    pendingPromises.clear();
    ChannelPromise aggregate = ctx.newPromise();
    aggregate.addListener((ChannelFuture f) -> {
      for (ChannelPromise p : waiting) {
        if (f.isSuccess()) {
          p.trySuccess();
        } else {
          p.tryFailure(f.cause());
        }
      }
    });
    return aggregate;
  }

  /** Unflushed writes are discarded when the channel closes, as Netty's own outbound buffer does. */
  private void discardPending(Throwable cause) {
    if (pendingPlain != null) {
      pendingPlain.release();
      pendingPlain = null;
    }
    for (ChannelPromise p : pendingPromises) {
      p.tryFailure(cause);
    }
    pendingPromises.clear();
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    discardPending(new ClosedChannelException());
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    discardPending(new ClosedChannelException());
    ctx.close(promise);
  }

  @Override
  public void bind(ChannelHandlerContext ctx, SocketAddress localAddress, ChannelPromise promise) {
    ctx.bind(localAddress, promise);
  }

  @Override
  public void connect(ChannelHandlerContext ctx, SocketAddress remoteAddress, SocketAddress localAddress,
      ChannelPromise promise) {
    ctx.connect(remoteAddress, localAddress, promise);
  }

  @Override
  public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
    discardPending(new ClosedChannelException());
    ctx.disconnect(promise);
  }

  @Override
  public void deregister(ChannelHandlerContext ctx, ChannelPromise promise) {
    ctx.deregister(promise);
  }

  @Override
  public void read(ChannelHandlerContext ctx) {
    ctx.read();
  }

  private static void writeFrame(ChannelHandlerContext ctx, byte[] message) {
    if (message.length > MAX_FRAME) {
      throw new IllegalStateException("handshake message of " + message.length + " bytes exceeds a Noise frame");
    }
    ByteBuf buf = ctx.alloc().buffer(2 + message.length);
    buf.writeShort(message.length);
    buf.writeBytes(message);
    ctx.write(buf);
  }
}
