package io.veritas.chain.p2p.gossip;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.veritas.chain.p2p.wire.Varint;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pubsub RPC protobuf (pubsub README and gossipsub v1.0/v1.1 specs):
 * <pre>
 * RPC { repeated SubOpts subscriptions = 1; repeated Message publish = 2; optional ControlMessage control = 3; }
 * SubOpts { optional bool subscribe = 1; optional string topicid = 2; }
 * Message { from = 1; data = 2; seqno = 3; topic = 4; signature = 5; key = 6; }
 * ControlMessage { ihave = 1; iwant = 2; graft = 3; prune = 4; idontwant = 5 (v1.2) }
 * ControlIHave { topicID = 1; repeated bytes messageIDs = 2; }   ControlIWant { repeated bytes messageIDs = 1; }
 * ControlIDontWant { repeated bytes messageIDs = 1; }
 * ControlGraft { topicID = 1; }   ControlPrune { topicID = 1; repeated PeerInfo peers = 2; optional uint64 backoff = 3; }
 * PeerInfo { optional bytes peerID = 1; optional bytes signedPeerRecord = 2; }
 * </pre>
 */
public record Rpc(List<Subscription> subscriptions, List<PubMessage> publish, Control control) {
  public Rpc {
    subscriptions = List.copyOf(subscriptions);
    publish = List.copyOf(publish);
  }

  public record Subscription(boolean subscribe, String topic) {}

  public record IHave(String topic, List<MessageId> messageIds) {
    public IHave {
      messageIds = List.copyOf(messageIds);
    }
  }

  public record IWant(List<MessageId> messageIds) {
    public IWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** Gossipsub v1.2: the sender already has these messages and asks not to be sent them. */
  public record IDontWant(List<MessageId> messageIds) {
    public IDontWant {
      messageIds = List.copyOf(messageIds);
    }
  }

  /** A PX entry; the signed peer record is carried through opaquely when present. */
  public record PrunePeer(byte[] peerId, byte[] signedPeerRecord) {}

  public record Prune(String topic, List<PrunePeer> peers, long backoffSeconds) {
    public Prune {
      peers = List.copyOf(peers);
    }
  }

  public record Control(List<IHave> ihave, List<IWant> iwant, List<String> graft, List<Prune> prune,
      List<IDontWant> idontwant) {
    public Control {
      ihave = List.copyOf(ihave);
      iwant = List.copyOf(iwant);
      graft = List.copyOf(graft);
      prune = List.copyOf(prune);
      idontwant = List.copyOf(idontwant);
    }

    /** A v1.0/v1.1 control message (no IDONTWANT). */
    public Control(List<IHave> ihave, List<IWant> iwant, List<String> graft, List<Prune> prune) {
      this(ihave, iwant, graft, prune, List.of());
    }

    public boolean isEmpty() {
      return ihave.isEmpty() && iwant.isEmpty() && graft.isEmpty() && prune.isEmpty() && idontwant.isEmpty();
    }
  }

  /** An RPC carrying only a v1.2 IDONTWANT for {@code ids}. */
  public static Rpc dontWant(List<MessageId> ids) {
    return new Rpc(List.of(), List.of(),
        new Control(List.of(), List.of(), List.of(), List.of(), List.of(new IDontWant(ids))));
  }

  public boolean isEmpty() {
    return subscriptions.isEmpty() && publish.isEmpty() && (control == null || control.isEmpty());
  }

  /**
   * This RPC as a stream message: unsigned-varint length, then the RPC. A forwarded message (an RPC of just that
   * message, the common case) is framed around the message's kept encoding with one copy and no intermediate array.
   */
  public ByteBuf encodeLengthPrefixed(ByteBufAllocator alloc) {
    if (subscriptions.isEmpty() && publish.size() == 1 && (control == null || control.isEmpty())) {
      byte[] message = publish.getFirst().encoded();
      int rpcLength = 1 + Varint.encodedLength(message.length) + message.length; // RPC.publish (2), length-delimited
      ByteBuf out = alloc.buffer(Varint.encodedLength(rpcLength) + rpcLength);
      Varint.write(rpcLength, out);
      out.writeByte(0x12);
      Varint.write(message.length, out);
      out.writeBytes(message);
      return out;
    }
    byte[] bytes = encode();
    ByteBuf out = alloc.buffer(Varint.encodedLength(bytes.length) + bytes.length);
    Varint.write(bytes.length, out);
    out.writeBytes(bytes);
    return out;
  }

  public byte[] encode() {
    try {
      byte[] control = this.control == null || this.control.isEmpty() ? null : encodeControl(this.control);
      int size = 0;
      List<byte[]> subs = new ArrayList<>(subscriptions.size());
      for (Subscription s : subscriptions) {
        byte[] b = encodeSubscription(s);
        subs.add(b);
        size += CodedOutputStream.computeByteArraySize(1, b);
      }
      for (PubMessage m : publish) {
        size += CodedOutputStream.computeByteArraySize(2, m.encoded());
      }
      if (control != null) {
        size += CodedOutputStream.computeByteArraySize(3, control);
      }
      byte[] out = new byte[size];
      CodedOutputStream cos = CodedOutputStream.newInstance(out);
      for (byte[] s : subs) {
        cos.writeByteArray(1, s);
      }
      for (PubMessage m : publish) {
        cos.writeByteArray(2, m.encoded());
      }
      if (control != null) {
        cos.writeByteArray(3, control);
      }
      cos.checkNoSpaceLeft();
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("protobuf encoding into a sized array failed", e);
    }
  }

  private static byte[] encodeSubscription(Subscription s) throws IOException {
    byte[] out = new byte[CodedOutputStream.computeBoolSize(1, s.subscribe()) + CodedOutputStream.computeStringSize(2, s.topic())];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    cos.writeBool(1, s.subscribe());
    cos.writeString(2, s.topic());
    return out;
  }

  /** The ControlMessage, sized exactly (an unsized CodedOutputStream would allocate a 4 KiB buffer per call). */
  private static byte[] encodeControl(Control c) throws IOException {
    List<byte[]> parts = new ArrayList<>();
    List<Integer> fields = new ArrayList<>();
    for (IHave h : c.ihave()) {
      int size = CodedOutputStream.computeStringSize(1, h.topic());
      for (MessageId id : h.messageIds()) {
        size += CodedOutputStream.computeByteArraySize(2, id.rawBytes());
      }
      byte[] b = new byte[size];
      CodedOutputStream o = CodedOutputStream.newInstance(b);
      o.writeString(1, h.topic());
      for (MessageId id : h.messageIds()) {
        o.writeByteArray(2, id.rawBytes());
      }
      o.checkNoSpaceLeft();
      parts.add(b);
      fields.add(1);
    }
    for (IWant w : c.iwant()) {
      parts.add(encodeIds(w.messageIds()));
      fields.add(2);
    }
    for (String g : c.graft()) {
      byte[] b = new byte[CodedOutputStream.computeStringSize(1, g)];
      CodedOutputStream o = CodedOutputStream.newInstance(b);
      o.writeString(1, g);
      o.checkNoSpaceLeft();
      parts.add(b);
      fields.add(3);
    }
    for (Prune p : c.prune()) {
      parts.add(encodePrune(p));
      fields.add(4);
    }
    for (IDontWant d : c.idontwant()) {
      parts.add(encodeIds(d.messageIds()));
      fields.add(5);
    }
    int size = 0;
    for (int i = 0; i < parts.size(); i++) {
      size += CodedOutputStream.computeByteArraySize(fields.get(i), parts.get(i));
    }
    byte[] out = new byte[size];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    for (int i = 0; i < parts.size(); i++) {
      cos.writeByteArray(fields.get(i), parts.get(i));
    }
    cos.checkNoSpaceLeft();
    return out;
  }

  private static byte[] encodePrune(Prune p) throws IOException {
    List<byte[]> peers = new ArrayList<>();
    int size = CodedOutputStream.computeStringSize(1, p.topic());
    for (PrunePeer peer : p.peers()) {
      int peerSize = (peer.peerId() != null ? CodedOutputStream.computeByteArraySize(1, peer.peerId()) : 0)
          + (peer.signedPeerRecord() != null ? CodedOutputStream.computeByteArraySize(2, peer.signedPeerRecord()) : 0);
      byte[] b = new byte[peerSize];
      CodedOutputStream o = CodedOutputStream.newInstance(b);
      if (peer.peerId() != null) {
        o.writeByteArray(1, peer.peerId());
      }
      if (peer.signedPeerRecord() != null) {
        o.writeByteArray(2, peer.signedPeerRecord());
      }
      o.checkNoSpaceLeft();
      peers.add(b);
      size += CodedOutputStream.computeByteArraySize(2, b);
    }
    if (p.backoffSeconds() > 0) {
      size += CodedOutputStream.computeUInt64Size(3, p.backoffSeconds());
    }
    byte[] out = new byte[size];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    o.writeString(1, p.topic());
    for (byte[] b : peers) {
      o.writeByteArray(2, b);
    }
    if (p.backoffSeconds() > 0) {
      o.writeUInt64(3, p.backoffSeconds());
    }
    o.checkNoSpaceLeft();
    return out;
  }

  /** ControlIWant and ControlIDontWant: {@code repeated bytes messageIDs = 1}, sized exactly. */
  private static byte[] encodeIds(List<MessageId> ids) throws IOException {
    int size = 0;
    for (MessageId id : ids) {
      size += CodedOutputStream.computeByteArraySize(1, id.rawBytes());
    }
    byte[] out = new byte[size];
    CodedOutputStream cos = CodedOutputStream.newInstance(out);
    for (MessageId id : ids) {
      cos.writeByteArray(1, id.rawBytes());
    }
    cos.checkNoSpaceLeft();
    return out;
  }

  /** Decodes an RPC; anything malformed throws {@link WireFormatException}. */
  public static Rpc decode(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      List<Subscription> subs = new ArrayList<>();
      List<PubMessage> msgs = new ArrayList<>();
      Control control = null;
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (tag) {
          case 10 -> subs.add(decodeSubscription(in.readByteArray()));
          case 18 -> msgs.add(PubMessage.decode(in.readByteArray()));  // keeps these bytes for forwarding
          case 26 -> control = merge(control, decodeControl(in.readByteArray()));
          default -> in.skipField(tag);
        }
      }
      return new Rpc(subs, msgs, control);
    } catch (IOException e) {
      throw new WireFormatException("malformed pubsub RPC: " + e.getMessage(), e);
    }
  }

  private static Control merge(Control a, Control b) {
    if (a == null) {
      return b;
    }
    List<IHave> ihave = new ArrayList<>(a.ihave());
    ihave.addAll(b.ihave());
    List<IWant> iwant = new ArrayList<>(a.iwant());
    iwant.addAll(b.iwant());
    List<String> graft = new ArrayList<>(a.graft());
    graft.addAll(b.graft());
    List<Prune> prune = new ArrayList<>(a.prune());
    prune.addAll(b.prune());
    List<IDontWant> idontwant = new ArrayList<>(a.idontwant());
    idontwant.addAll(b.idontwant());
    return new Control(ihave, iwant, graft, prune, idontwant);
  }

  private static Subscription decodeSubscription(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    boolean subscribe = false;
    String topic = null;
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case 8 -> subscribe = in.readBool();
        case 18 -> topic = in.readStringRequireUtf8();
        default -> in.skipField(tag);
      }
    }
    if (topic == null) {
      throw new WireFormatException("subscription without a topic");
    }
    return new Subscription(subscribe, topic);
  }

  private static Control decodeControl(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<IHave> ihave = new ArrayList<>();
    List<IWant> iwant = new ArrayList<>();
    List<String> graft = new ArrayList<>();
    List<Prune> prune = new ArrayList<>();
    List<IDontWant> idontwant = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag) {
        case 10 -> {
          CodedInputStream h = CodedInputStream.newInstance(in.readByteArray());
          String topic = "";
          List<MessageId> ids = new ArrayList<>();
          int t;
          while ((t = h.readTag()) != 0) {
            switch (t) {
              case 10 -> topic = h.readStringRequireUtf8();
              case 18 -> ids.add(new MessageId(h.readByteArray()));
              default -> h.skipField(t);
            }
          }
          ihave.add(new IHave(topic, ids));
        }
        case 18 -> iwant.add(new IWant(decodeIds(in.readByteArray())));
        case 26 -> {
          CodedInputStream g = CodedInputStream.newInstance(in.readByteArray());
          String topic = null;
          int t;
          while ((t = g.readTag()) != 0) {
            if (t == 10) {
              topic = g.readStringRequireUtf8();
            } else {
              g.skipField(t);
            }
          }
          if (topic != null) {
            graft.add(topic);
          }
        }
        case 34 -> prune.add(decodePrune(in.readByteArray()));
        case 42 -> idontwant.add(new IDontWant(decodeIds(in.readByteArray())));
        default -> in.skipField(tag);
      }
    }
    return new Control(ihave, iwant, graft, prune, idontwant);
  }

  /** ControlIWant and ControlIDontWant: {@code repeated bytes messageIDs = 1}. */
  private static List<MessageId> decodeIds(byte[] bytes) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    List<MessageId> ids = new ArrayList<>();
    int t;
    while ((t = in.readTag()) != 0) {
      if (t == 10) {
        ids.add(MessageId.wrap(in.readByteArray()));
      } else {
        in.skipField(t);
      }
    }
    return ids;
  }

  private static Prune decodePrune(byte[] bytes) throws IOException {
    CodedInputStream p = CodedInputStream.newInstance(bytes);
    String topic = "";
    List<PrunePeer> peers = new ArrayList<>();
    long backoff = 0;
    int t;
    while ((t = p.readTag()) != 0) {
      switch (t) {
        case 10 -> topic = p.readStringRequireUtf8();
        case 18 -> {
          CodedInputStream pi = CodedInputStream.newInstance(p.readByteArray());
          byte[] id = null;
          byte[] record = null;
          int u;
          while ((u = pi.readTag()) != 0) {
            switch (u) {
              case 10 -> id = pi.readByteArray();
              case 18 -> record = pi.readByteArray();
              default -> pi.skipField(u);
            }
          }
          peers.add(new PrunePeer(id, record));
        }
        case 24 -> backoff = p.readUInt64();
        default -> p.skipField(t);
      }
    }
    return new Prune(topic, peers, backoff);
  }
}
