package io.veritas.chain.p2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.identity.PublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libp2p Noise secure channel (libp2p noise spec) on a Netty pipeline: runs the XX handshake with
 * identity-signed payloads, then encrypts outbound bytes and decrypts inbound frames. Every Noise message is framed
 * with a 2-byte big-endian length (at most 65535).
 */
public final class NoiseHandler extends ByteToMessageCodec<ByteBuf> {
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

  /**
   * @param expectedPeer the peer we dialled, or null when accepting; a different remote identity fails the handshake
   * @param onEstablished called on the event loop once the peer is authenticated, before any transport data is
   *     passed on (the place to install the next pipeline stage)
   */
  public NoiseHandler(boolean initiator, PrivateKey identity, PeerId expectedPeer, SecureRandom random,
      BiConsumer<ChannelHandlerContext, PeerId> onEstablished) {
    super(ByteBuf.class);
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
    int plainLength = length - NoiseCipherState.TAG_LENGTH;
    ByteBuf plain = ctx.alloc().buffer(plainLength);
    try {
      int n = ciphers.receive().decrypt(in.nioBuffer(in.readerIndex(), length), plain.nioBuffer(0, plainLength));
      plain.writerIndex(n);
      in.skipBytes(length);
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
  protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) {
    if (ciphers == null) {
      throw new IllegalStateException("application data written before the Noise handshake completed");
    }
    while (msg.isReadable()) {
      int n = Math.min(msg.readableBytes(), MAX_PLAINTEXT);
      int c = n + NoiseCipherState.TAG_LENGTH;
      out.ensureWritable(2 + c);
      out.writeShort(c);
      int written = ciphers.send().encrypt(msg.nioBuffer(msg.readerIndex(), n), out.nioBuffer(out.writerIndex(), c));
      out.writerIndex(out.writerIndex() + written);
      msg.skipBytes(n);
    }
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
