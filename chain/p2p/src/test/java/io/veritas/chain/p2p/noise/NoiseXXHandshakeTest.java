package io.veritas.chain.p2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.p2p.identity.KeyType;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PrivateKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NoiseXXHandshakeTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The Noise_XX_25519_ChaChaPoly_SHA256 vector of the public cacophony test-vector set. */
  @Test
  void reproducesTheCacophonyTestVector() {
    byte[] prologue = HEX.parseHex("4a6f686e2047616c74");
    NoiseXXHandshake init = new NoiseXXHandshake(true,
        HEX.parseHex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1"),
        HEX.parseHex("893e28b9dc6ca8d611ab664754b8ceb7bac5117349a4439a6b0569da977c464a"), prologue);
    NoiseXXHandshake resp = new NoiseXXHandshake(false,
        HEX.parseHex("4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893"),
        HEX.parseHex("bbdb4cdbd309f1a1f2e1456967fe288cadd6f712d65dc7b7793d5e63da6b375b"), prologue);

    byte[] m1 = init.writeMessage(HEX.parseHex("4c756477696720766f6e204d69736573"));
    assertEquals("ca35def5ae56cec33dc2036731ab14896bc4c75dbb07a61f879f8e3afa4c79444c756477696720766f6e204d69736573",
        HEX.formatHex(m1));
    assertEquals("4c756477696720766f6e204d69736573", HEX.formatHex(resp.readMessage(m1)));
    byte[] m2 = resp.writeMessage(HEX.parseHex("4d757272617920526f746862617264"));
    assertEquals("95ebc60d2b1fa672c1f46a8aa265ef51bfe38e7ccb39ec5be34069f14480884381cbad1f276e038c48378ffce2b65285e08d6b"
        + "68aaa3629a5a8639392490e5b9bd5269c2f1e4f488ed8831161f19b7815528f8982ffe09be9b5c412f8a0db50f8814c7194e83f23dbd"
        + "8d162c9326ad", HEX.formatHex(m2));
    init.readMessage(m2);
    byte[] m3 = init.writeMessage(HEX.parseHex("462e20412e20486179656b"));
    assertEquals("c7195ffacac1307ff99046f219750fc47693e23c3cb08b89c2af808b444850a80ae475b9df0f169ae80a89be0865b57f58c9"
        + "fea0d4ec82a286427402f113e4b6ae769a1d95941d49b25030", HEX.formatHex(m3));
    assertEquals("462e20412e20486179656b", HEX.formatHex(resp.readMessage(m3)));
    assertEquals("c8e5f64e846193be2a834104c2a009868d6c9f3bd3c186299888b488b2f1f58e", HEX.formatHex(init.handshakeHash()));

    NoiseXXHandshake.TransportCiphers ic = init.split();
    NoiseXXHandshake.TransportCiphers rc = resp.split();
    // cacophony alternates senders, so the first transport message is the responder's
    byte[] p4 = HEX.parseHex("4361726c204d656e676572");
    byte[] c4 = rc.send().encrypt(new byte[0], p4, 0, p4.length);
    assertEquals("96763ed773f8e47bb3712f0e29b3060ffc956ffc146cee53d5e1df", HEX.formatHex(c4));
    assertArrayEquals(p4, ic.receive().decrypt(new byte[0], c4, 0, c4.length));
    byte[] p5 = HEX.parseHex("4a65616e2d426170746973746520536179");
    byte[] c5 = ic.send().encrypt(new byte[0], p5, 0, p5.length);
    assertEquals("3e40f15f6f3a46ae446b253bf8b1d9ffb6ed9b174d272328ff91a7e2e5c79c07f5", HEX.formatHex(c5));
    // the transport path decrypts in place inside a larger buffer (a frame inside a pooled buffer)
    byte[] frame = new byte[3 + c5.length + 2];
    System.arraycopy(c5, 0, frame, 3, c5.length);
    assertEquals(p5.length, rc.receive().decryptInPlace(frame, 3, c5.length));
    assertEquals(HEX.formatHex(p5), HEX.formatHex(java.util.Arrays.copyOfRange(frame, 3, 3 + p5.length)));
    // the next frame (nonce 1) with a flipped tag bit fails and names the nonce
    byte[] c6 = ic.send().encrypt(new byte[0], p5, 0, p5.length);
    c6[c6.length - 1] ^= 1;
    NoiseException e = assertThrows(NoiseException.class, () -> rc.receive().decryptInPlace(c6, 0, c6.length));
    assertEquals("message authentication failed at nonce 1", e.getMessage());
  }

  @Test
  void libp2pPayloadAuthenticatesTheIdentityAndRejectsAForgedSignature() {
    SecureRandom random = new SecureRandom(new byte[] {3});
    PrivateKey identity = PrivateKey.generate(KeyType.SECP256K1, random);
    byte[] staticKey = NoiseXXHandshake.publicKey(NoiseXXHandshake.generatePrivateKey(random));
    NoiseHandshakePayload payload = NoiseHandshakePayload.decode(NoiseHandshakePayload.sign(identity, staticKey).encode());
    assertEquals(identity.peerId(), PeerId.fromPublicKey(payload.verify(staticKey)));

    byte[] otherStatic = NoiseXXHandshake.publicKey(NoiseXXHandshake.generatePrivateKey(random));
    NoiseException e = assertThrows(NoiseException.class, () -> payload.verify(otherStatic));
    assertEquals("identity signature over the Noise static key does not verify for SECP256K1 key", e.getMessage());
    assertThrows(NoiseException.class, () -> NoiseHandshakePayload.decode(HEX.parseHex("0a03010203")));
  }

  @Test
  void tamperedCiphertextFailsAuthentication() {
    SecureRandom random = new SecureRandom(new byte[] {5});
    NoiseXXHandshake init = NoiseXXHandshake.create(true, NoiseXXHandshake.generatePrivateKey(random), random);
    NoiseXXHandshake resp = NoiseXXHandshake.create(false, NoiseXXHandshake.generatePrivateKey(random), random);
    resp.readMessage(init.writeMessage(new byte[0]));
    byte[] m2 = resp.writeMessage(new byte[] {1, 2, 3});
    m2[m2.length - 1] ^= 1;
    assertThrows(NoiseException.class, () -> init.readMessage(m2));
  }
}
