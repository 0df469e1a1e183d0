package io.veritas.chain.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PrivateKey;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.security.SecureRandom;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random and mutated handshake traffic never escapes as anything but a closed connection or a NoiseException. */
class NoiseFuzzTest {
  private final SecureRandom keys = new SecureRandom(new byte[] {9});
  private final PrivateKey identity = PrivateKey.generate(KeyType.ED25519, keys);

  @Test
  void responderClosesOnGarbageFramesAndNeverThrows() {
    Random random = new Random(11);
    int closed = 0;
    for (int i = 0; i < 1_000; i++) {
      boolean[] established = new boolean[1];
      EmbeddedChannel ch = new EmbeddedChannel(
          new NoiseHandler(false, identity, null, keys, (ctx, peer) -> established[0] = true));
      byte[] garbage = new byte[random.nextInt(200)];
      random.nextBytes(garbage);
      if (garbage.length >= 2 && i % 2 == 0) { // a plausible length prefix, so the frame reaches the handshake
        garbage[0] = 0;
        garbage[1] = (byte) (garbage.length - 2);
      }
      ch.writeInbound(Unpooled.wrappedBuffer(garbage));
      // message 1 is only an ephemeral key, so any 32+ byte frame is accepted; feed a garbage message 3 as well
      byte[] more = new byte[random.nextInt(120)];
      random.nextBytes(more);
      ByteBuf frame = Unpooled.buffer().writeShort(more.length).writeBytes(more);
      if (ch.isActive()) {
        ch.writeInbound(frame);
      } else {
        frame.release();
      }
      ch.checkException();
      assertFalse(established[0]);
      if (!ch.isActive()) {
        closed++;
      }
      ch.finishAndReleaseAll();
    }
    assertTrue(closed > 250, "garbage handshakes close the connection: " + closed);
  }

  @Test
  void handshakeStateAndPayloadDecodersOnlyThrowNoiseExceptions() {
    Random random = new Random(12);
    byte[] valid = NoiseHandshakePayload.sign(identity, new byte[32]).encode();
    for (int i = 0; i < 4_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(150)];
        random.nextBytes(input);
      } else {
        input = valid.clone();
        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
      }
      try {
        NoiseHandshakePayload.decode(input).verify(new byte[32]);
      } catch (WireFormatException expected) {
        // NoiseException or InvalidKeyException (both WireFormatException)
      }
      NoiseXXHandshake initiator = NoiseXXHandshake.create(true, NoiseXXHandshake.generatePrivateKey(keys), keys);
      initiator.writeMessage(new byte[0]);
      try {
        initiator.readMessage(input);
      } catch (NoiseException expected) {
        // the only permitted failure
      }
    }
  }
}
