package io.veritas.chain.p2p.identify;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.identity.PublicKey;
import io.veritas.chain.p2p.multiaddr.Multiaddr;
import io.veritas.chain.p2p.stream.LengthPrefixedReader;
import io.veritas.chain.p2p.stream.P2pStream;
import io.veritas.chain.p2p.stream.StreamHandler;
import io.veritas.chain.p2p.wire.LengthPrefixedDecoder;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Identify ({@code /ipfs/id/1.0.0}): answering sends our identify message, length-prefixed, and closes; asking
 * reads the peer's. Push ({@code /ipfs/id/push/1.0.0}) is the same message sent unsolicited by the peer.
 */
public final class IdentifyProtocol {
  public static final String PROTOCOL_ID = "/ipfs/id/1.0.0";
  public static final String PUSH_PROTOCOL_ID = "/ipfs/id/push/1.0.0";
  public static final String PROTOCOL_VERSION = "ipfs/0.1.0";
  /** js-libp2p caps identify messages at 8 KiB; we accept up to 64 KiB. */
  public static final int MAX_MESSAGE_SIZE = 64 * 1024;

  private final Supplier<IdentifyMessage> ours;

  /** @param ours builds our current identify message (observedAddr is filled in per peer) */
  public IdentifyProtocol(Supplier<IdentifyMessage> ours) {
    this.ours = ours;
  }

  /** Handler for an inbound {@code /ipfs/id/1.0.0} stream: answer and close. */
  public StreamHandler respond(P2pStream stream, Multiaddr observed) {
    IdentifyMessage m = ours.get();
    IdentifyMessage withObserved = new IdentifyMessage(m.protocolVersion(), m.agentVersion(), m.publicKey(),
        m.listenAddrs(), observed == null ? null : observed.withoutPeerId().toBytes(), m.protocols());
    ByteBuf out = LengthPrefixedDecoder.encode(Unpooled.buffer(), withObserved.encode());
    stream.write(out);
    stream.closeWrite();
    return (s, data) -> {}; // the asking side sends nothing
  }

  /** Handler that reads one identify message from the peer and passes the verified result on. */
  public static StreamHandler reader(CompletableFuture<PeerInfo> result) {
    return new LengthPrefixedReader(MAX_MESSAGE_SIZE, new LengthPrefixedReader.MessageHandler() {
      @Override
      public boolean onMessage(P2pStream stream, byte[] message) {
        try {
          result.complete(toPeerInfo(stream.remotePeer(), IdentifyMessage.decode(message)));
        } catch (WireFormatException e) {
          result.completeExceptionally(e);
          stream.reset();
        }
        return false;
      }

      @Override
      public void onEnd(P2pStream stream, boolean clean) {
        if (result.isDone()) {
          return;
        }
        result.completeExceptionally(new IllegalStateException("identify stream from " + stream.remotePeer()
            + " ended without a message"));
      }
    });
  }

  /** Handler for an inbound push: read the message and hand over the update. */
  public static StreamHandler pushReceiver(Consumer<PeerInfo> onUpdate) {
    CompletableFuture<PeerInfo> f = new CompletableFuture<>();
    f.thenAccept(onUpdate);
    return reader(f);
  }

  /** Converts and checks a received message: its public key, if present, must be the peer's. */
  static PeerInfo toPeerInfo(PeerId peer, IdentifyMessage m) {
    if (m.publicKey() != null && !peer.matches(PublicKey.fromProtobuf(m.publicKey()))) {
      throw new WireFormatException("identify from " + peer + " carries a public key of another peer");
    }
    List<Multiaddr> addrs = new ArrayList<>();
    for (byte[] a : m.listenAddrs()) {
      try {
        addrs.add(Multiaddr.fromBytes(a));
      } catch (WireFormatException ignored) {
        // an address type we do not support (quic, ws, ...): not usable by us, not an error
      }
    }
    Multiaddr observed = null;
    if (m.observedAddr() != null) {
      try {
        observed = Multiaddr.fromBytes(m.observedAddr());
      } catch (WireFormatException ignored) {
        // same as above
      }
    }
    return new PeerInfo(peer, m.agentVersion(), m.protocolVersion(), m.protocols(), addrs, observed);
  }
}
