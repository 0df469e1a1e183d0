package io.veritas.chain.p2p.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Expected values were produced by js-libp2p (@libp2p/crypto 5.1.23, @libp2p/peer-id 6.0.15). */
class PeerIdTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] MESSAGE = "veritas".getBytes(StandardCharsets.US_ASCII);

  @Test
  void secp256k1KeyGivesTheSamePeerIdAndSignatureAsJsLibp2p() {
    PrivateKey key = PrivateKey.fromProtobuf(
        HEX.parseHex("080212200102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
    assertEquals("0284bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0",
        HEX.formatHex(key.publicKey().raw()));
    PeerId id = key.peerId();
    assertEquals("16Uiu2HAm4Ms862Gnqafssgvik4JJ1LuqWMcKNipq4nm2UaoLRbeP", id.toBase58());
    assertEquals("bafzaajiiaijccauex52wejrlxvuuaccxjdz342x2kkxdc4kvdapm4mnwmni4z75ewa", id.toCidString());
    byte[] sig = key.sign(MESSAGE);
    assertEquals("304402201da1afd374fec93d5ce4d9cf99544176ca0035b333cec5df6befb6f55119a50f022059b0b45b2707d56f5ac"
        + "770756718d991b8463863ee905bd35b69ec4fdd075d89", HEX.formatHex(sig));
    assertTrue(key.publicKey().verify(MESSAGE, sig));
  }

  @Test
  void ed25519KeyGivesTheSamePeerIdAndSignatureAsJsLibp2p() {
    byte[] pb = HEX.parseHex("08011240" + "07".repeat(32)
        + "ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c");
    PrivateKey key = PrivateKey.fromProtobuf(pb);
    assertArrayEquals(pb, key.protobuf());
    PeerId id = key.peerId();
    assertEquals("12D3KooWRawPbxPtP1eZaJpumGnyWX2DcUyd3RQnydr3eAto4Az7", id.toBase58());
    assertEquals("bafzaajaiaejcb2sknrr6fhcsbk7pkud3cmxml6mvi53k5pv6pojeehxknekenurm", id.toCidString());
    assertEquals("23fa47c1eb6bca57006ec22818a0c0d0e5a8af4ca1aaf5c97c941c2190aa34804b7e3050f728cb0636174a4b41887f024"
        + "34540b512611b852b006b2a30896e09", HEX.formatHex(key.sign(MESSAGE)));
  }

  @Test
  void parsesBase58AndCidFormsToTheSameIdAndRecoversTheInlinedKey() {
    PeerId a = PeerId.parse("16Uiu2HAm4Ms862Gnqafssgvik4JJ1LuqWMcKNipq4nm2UaoLRbeP");
    PeerId b = PeerId.parse("bafzaajiiaijccauex52wejrlxvuuaccxjdz342x2kkxdc4kvdapm4mnwmni4z75ewa");
    assertEquals(a, b);
    assertEquals("0284bf7562262bbd6940085748f3be6afa52ae317155181ece31b66351ccffa4b0",
        HEX.formatHex(a.publicKey().orElseThrow().raw()));
  }

  @Test
  void verificationFailsForOtherMessagesKeysAndGarbageSignatures() {
    SecureRandom random = new SecureRandom(new byte[] {1});
    for (KeyType type : new KeyType[] {KeyType.SECP256K1, KeyType.ED25519}) {
      PrivateKey k1 = PrivateKey.generate(type, random);
      PrivateKey k2 = PrivateKey.generate(type, random);
      byte[] sig = k1.sign(MESSAGE);
      assertTrue(k1.publicKey().verify(MESSAGE, sig));
      assertFalse(k1.publicKey().verify("veritaS".getBytes(StandardCharsets.US_ASCII), sig));
      assertFalse(k2.publicKey().verify(MESSAGE, sig));
      assertFalse(k1.publicKey().verify(MESSAGE, new byte[] {0x30, 0x02, 0x01}));
      assertEquals(k1.publicKey(), PublicKey.fromProtobuf(k1.publicKey().protobuf()));
    }
  }

  @Test
  void rejectsMalformedPeerIdsAndKeys() {
    assertThrows(IllegalArgumentException.class, () -> PeerId.parse("16Uiu2HAm0OIl"));
    assertThrows(IllegalArgumentException.class, () -> PeerId.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"));
    assertThrows(InvalidKeyException.class, () -> PublicKey.fromProtobuf(HEX.parseHex("08021203010203")));
    assertThrows(InvalidKeyException.class, () -> PublicKey.fromProtobuf(HEX.parseHex("0809")));
  }
}
