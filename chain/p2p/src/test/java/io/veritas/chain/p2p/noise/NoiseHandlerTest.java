package io.veritas.chain.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Two NoiseHandlers wired back to back through EmbeddedChannels, and a forging initiator. */
class NoiseHandlerTest {
  private final SecureRandom random = new SecureRandom(new byte[] {21});
  private final PrivateKey initiatorKey = PrivateKey.generate(KeyType.SECP256K1, random);
  private final PrivateKey responderKey = PrivateKey.generate(KeyType.ED25519, random);

  private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
    ByteBuf out;
    while ((out = from.readOutbound()) != null) {
      to.writeInbound(out);
    }
  }

  @Test
  void authenticatesBothPeersAndCarriesEncryptedData() {
    PeerId[] seenByInitiator = new PeerId[1];
    PeerId[] seenByResponder = new PeerId[1];
    EmbeddedChannel init = new EmbeddedChannel(new NoiseHandler(true, initiatorKey, responderKey.peerId(), random,
        (ctx, peer) -> seenByInitiator[0] = peer));
    EmbeddedChannel resp = new EmbeddedChannel(new NoiseHandler(false, responderKey, null, random,
        (ctx, peer) -> seenByResponder[0] = peer));
    pump(init, resp); // -> e
    pump(resp, init); // <- e, ee, s, es
    pump(init, resp); // -> s, se
    assertEquals(responderKey.peerId(), seenByInitiator[0]);
    assertEquals(initiatorKey.peerId(), seenByResponder[0]);

    byte[] big = new byte[200_000]; // spans several 65535-byte Noise frames
    Arrays.fill(big, (byte) 7);
    init.writeOutbound(Unpooled.wrappedBuffer(big));
    ByteBuf wire = Unpooled.buffer();
    ByteBuf frame;
    while ((frame = init.readOutbound()) != null) {
      wire.writeBytes(frame);
      frame.release();
    }
    assertFalse(ByteBufUtil.hexDump(wire).contains("07070707070707070707"), "ciphertext does not leak plaintext");
    resp.writeInbound(wire);
    ByteBuf received = Unpooled.buffer();
    ByteBuf part;
    while ((part = resp.readInbound()) != null) {
      received.writeBytes(part);
      part.release();
    }
    assertEquals(big.length, received.readableBytes());
    assertTrue(Arrays.equals(big, ByteBufUtil.getBytes(received)));
  }

  @Test
  void coalescesWritesBetweenFlushesIntoOneFrameAndCompletesEveryPromise() {
    EmbeddedChannel init = new EmbeddedChannel(new NoiseHandler(true, initiatorKey, responderKey.peerId(), random,
        (ctx, peer) -> {}));
    EmbeddedChannel resp = new EmbeddedChannel(new NoiseHandler(false, responderKey, null, random, (ctx, peer) -> {}));
    pump(init, resp);
    pump(resp, init);
    pump(init, resp);

    ChannelFuture first = init.write(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    ChannelFuture second = init.write(Unpooled.wrappedBuffer(new byte[] {4, 5}));
    ChannelFuture third = init.write(Unpooled.wrappedBuffer(new byte[] {6}));
    assertNull(init.readOutbound(), "nothing is sealed before the flush");
    init.flush();
    ByteBuf frame = init.readOutbound();
    assertNull(init.readOutbound(), "three writes leave as one Noise frame");
    assertEquals(2 + 6 + 16, frame.readableBytes());
    assertEquals(6 + 16, frame.getUnsignedShort(0));
    assertTrue(first.isSuccess());
    assertTrue(second.isSuccess());
    assertTrue(third.isSuccess());

    resp.writeInbound(frame);
    ByteBuf plain = resp.readInbound();
    assertEquals("010203040506", ByteBufUtil.hexDump(plain));
    plain.release();
  }

  @Test
  void sealsFullFramesEarlyWhenWritesAreNotFlushed() {
    EmbeddedChannel init = new EmbeddedChannel(new NoiseHandler(true, initiatorKey, responderKey.peerId(), random,
        (ctx, peer) -> {}));
    EmbeddedChannel resp = new EmbeddedChannel(new NoiseHandler(false, responderKey, null, random, (ctx, peer) -> {}));
    pump(init, resp);
    pump(resp, init);
    pump(init, resp);

    byte[] chunk = new byte[40_000];
    Arrays.fill(chunk, (byte) 9);
    init.write(Unpooled.wrappedBuffer(chunk));
    assertEquals(0, init.unsafe().outboundBuffer().totalPendingWriteBytes(), "40000 bytes stay pending until a flush");
    init.write(Unpooled.wrappedBuffer(chunk)); // 80000 bytes pending: more than one frame's worth
    assertTrue(init.unsafe().outboundBuffer().totalPendingWriteBytes() > 80_000,
        "sealed and queued on the channel before any flush");
    init.flush();
    ByteBuf sealed = init.readOutbound();
    assertNull(init.readOutbound());
    assertEquals(2 + NoiseHandler.MAX_FRAME + 2 + (80_000 - NoiseHandler.MAX_PLAINTEXT) + 16, sealed.readableBytes());
    assertEquals(NoiseHandler.MAX_FRAME, sealed.getUnsignedShort(0));
    resp.writeInbound(sealed);
    int received = 0;
    ByteBuf part;
    while ((part = resp.readInbound()) != null) {
      received += part.readableBytes();
      part.release();
    }
    assertEquals(80_000, received);
  }

  @Test
  void responderClosesTheConnectionWhenTheIdentitySignatureIsForged() {
    boolean[] established = new boolean[1];
    EmbeddedChannel resp = new EmbeddedChannel(new NoiseHandler(false, responderKey, null, random,
        (ctx, peer) -> established[0] = true));
    NoiseXXHandshake attacker = NoiseXXHandshake.create(true, NoiseXXHandshake.generatePrivateKey(random), random);
    resp.writeInbound(frame(attacker.writeMessage(new byte[0])));
    ByteBuf msg2 = resp.readOutbound();
    msg2.skipBytes(2);
    attacker.readMessage(ByteBufUtil.getBytes(msg2));
    msg2.release();
    // Sign some other static key: the payload names our identity but does not vouch for this session's key.
    byte[] otherStatic = NoiseXXHandshake.publicKey(NoiseXXHandshake.generatePrivateKey(random));
    resp.writeInbound(frame(attacker.writeMessage(NoiseHandshakePayload.sign(initiatorKey, otherStatic).encode())));
    assertFalse(established[0]);
    assertFalse(resp.isActive());
    resp.checkException();
  }

  @Test
  void initiatorRejectsAResponderThatIsNotTheDialledPeer() {
    PrivateKey expected = PrivateKey.generate(KeyType.ED25519, random);
    boolean[] established = new boolean[1];
    EmbeddedChannel init = new EmbeddedChannel(new NoiseHandler(true, initiatorKey, expected.peerId(), random,
        (ctx, peer) -> established[0] = true));
    EmbeddedChannel resp = new EmbeddedChannel(new NoiseHandler(false, responderKey, null, random, (ctx, peer) -> {}));
    pump(init, resp);
    pump(resp, init);
    assertFalse(established[0]);
    assertFalse(init.isActive());
    assertNull(init.readOutbound(), "message 3 is never sent to an impostor");
  }

  private static ByteBuf frame(byte[] message) {
    return Unpooled.buffer().writeShort(message.length).writeBytes(message);
  }
}
