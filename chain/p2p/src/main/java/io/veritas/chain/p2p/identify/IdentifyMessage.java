package io.veritas.chain.p2p.identify;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The identify protobuf (libp2p identify spec): {@code protocolVersion = 5, agentVersion = 6, publicKey = 1,
 * listenAddrs = 2 (repeated), observedAddr = 4, protocols = 3 (repeated), signedPeerRecord = 8}. Addresses are kept
 * as raw multiaddr bytes so that an address type we do not know does not spoil the rest.
 */
public record IdentifyMessage(String protocolVersion, String agentVersion, byte[] publicKey, List<byte[]> listenAddrs,
    byte[] observedAddr, List<String> protocols) {
  public IdentifyMessage {
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
  }

  public byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      if (publicKey != null) {
        out.writeByteArray(1, publicKey);
      }
      for (byte[] a : listenAddrs) {
        out.writeByteArray(2, a);
      }
      for (String p : protocols) {
        out.writeString(3, p);
      }
      if (observedAddr != null) {
        out.writeByteArray(4, observedAddr);
      }
      if (protocolVersion != null) {
        out.writeString(5, protocolVersion);
      }
      if (agentVersion != null) {
        out.writeString(6, agentVersion);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory protobuf write failed", e);
    }
  }

  public static IdentifyMessage decode(byte[] bytes) {
    try {
      CodedInputStream in = CodedInputStream.newInstance(bytes);
      String protocolVersion = null;
      String agentVersion = null;
      byte[] publicKey = null;
      byte[] observed = null;
      List<byte[]> addrs = new ArrayList<>();
      List<String> protocols = new ArrayList<>();
      int tag;
      while ((tag = in.readTag()) != 0) {
        switch (tag) {
          case 10 -> publicKey = in.readByteArray();
          case 18 -> addrs.add(in.readByteArray());
          case 26 -> protocols.add(in.readStringRequireUtf8());
          case 34 -> observed = in.readByteArray();
          case 42 -> protocolVersion = in.readStringRequireUtf8();
          case 50 -> agentVersion = in.readStringRequireUtf8();
          default -> in.skipField(tag);
        }
      }
      return new IdentifyMessage(protocolVersion, agentVersion, publicKey, addrs, observed, protocols);
    } catch (IOException e) {
      throw new WireFormatException("malformed identify message: " + e.getMessage(), e);
    }
  }
}
