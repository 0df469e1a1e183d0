package io.veritas.chain.p2p.multiaddr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Binary forms were produced by js @multiformats/multiaddr 13.0.3. */
class MultiaddrTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String PEER = "12D3KooWRawPbxPtP1eZaJpumGnyWX2DcUyd3RQnydr3eAto4Az7";

  @Test
  void encodesIp4TcpP2pLikeJsLibp2p() {
    Multiaddr ma = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER);
    assertEquals("047f000001060fa1a50326002408011220ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c",
        HEX.formatHex(ma.toBytes()));
    assertEquals(ma, Multiaddr.fromBytes(ma.toBytes()));
    assertEquals("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER, ma.toString());
    assertEquals(PeerId.parse(PEER), ma.peerId().orElseThrow());
    assertEquals(new InetSocketAddress("127.0.0.1", 4001), ma.toTcpSocketAddress());
    assertEquals("/ip4/127.0.0.1/tcp/4001", ma.withoutPeerId().toString());
  }

  @Test
  void encodesIp6AndDns4LikeJsLibp2p() {
    assertEquals("2900000000000000000000000000000001062328", HEX.formatHex(Multiaddr.parse("/ip6/::1/tcp/9000").toBytes()));
    assertEquals("/ip6/::1/tcp/9000", Multiaddr.parse("/ip6/0:0:0:0:0:0:0:1/tcp/9000").toString());
    assertEquals("/ip6/2001:db8::1:0:0:1", Multiaddr.parse("/ip6/2001:db8:0:0:1:0:0:1").toString());
    assertEquals("/ip6/fe80::", Multiaddr.parse("/ip6/fe80::").toString());
    assertEquals("/ip6/1:2:3:4:5:6:7:8", Multiaddr.parse("/ip6/1:2:3:4:5:6:7:8").toString());
    Multiaddr dns = Multiaddr.parse("/dns4/example.com/tcp/443");
    assertEquals("360b6578616d706c652e636f6d0601bb", HEX.formatHex(dns.toBytes()));
    assertEquals("/dns4/example.com/tcp/443", Multiaddr.fromBytes(dns.toBytes()).toString());
    assertEquals(InetSocketAddress.createUnresolved("example.com", 443), dns.toTcpSocketAddress());
  }

  @Test
  void acceptsTheLegacyIpfsNameAndCidPeerIds() {
    Multiaddr a = Multiaddr.parse("/ip4/10.0.0.1/tcp/1/ipfs/" + PEER);
    Multiaddr b = Multiaddr.parse("/ip4/10.0.0.1/tcp/1/p2p/" + PeerId.parse(PEER).toCidString());
    assertEquals(a, b);
  }

  @Test
  void rejectsMalformedText() {
    assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("ip4/1.2.3.4"));
    assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3"));
    assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/tcp/70000"));
    assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/udp/1"));
    assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse("/ip4/1.2.3.4/tcp"));
  }

  @Test
  void rejectsMalformedBinary() {
    assertThrows(WireFormatException.class, () -> Multiaddr.fromBytes(HEX.parseHex("047f0000")));
    assertThrows(WireFormatException.class, () -> Multiaddr.fromBytes(HEX.parseHex("9999")));
    assertThrows(WireFormatException.class, () -> Multiaddr.fromBytes(HEX.parseHex("a50305")));
    assertThrows(WireFormatException.class, () -> Multiaddr.fromBytes(new byte[0]));
  }

  @Test
  void fuzzedBinaryMultiaddrsPeerIdsAndKeysOnlyDecodeOrThrowWireFormatException() {
    java.util.Random random = new java.util.Random(31);
    byte[] valid = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER).toBytes();
    int decoded = 0;
    for (int i = 0; i < 50_000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[random.nextInt(48)];
        random.nextBytes(input);
      } else {
        input = valid.clone();
        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
      }
      try {
        Multiaddr.fromBytes(input).toString();
        decoded++;
      } catch (WireFormatException expected) {
        // the only permitted failure
      }
      try {
        PeerId.fromBytes(input).publicKey();
      } catch (WireFormatException expected) {
        // includes InvalidKeyException
      }
    }
    org.junit.jupiter.api.Assertions.assertTrue(decoded > 1000, "mutations of a valid address decode: " + decoded);
  }
}
