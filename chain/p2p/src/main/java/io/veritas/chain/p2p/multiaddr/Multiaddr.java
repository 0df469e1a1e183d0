package io.veritas.chain.p2p.multiaddr;

import io.veritas.chain.p2p.identity.PeerId;
import io.veritas.chain.p2p.wire.Varint;
import io.veritas.chain.p2p.wire.WireFormatException;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A multiaddr (multiformats/multiaddr): a sequence of (protocol, value) components with a text form
 * ({@code /ip4/127.0.0.1/tcp/9000/p2p/16Uiu2...}) and a binary form (varint code, value).
 */
public final class Multiaddr {
  /** A component; {@code value} is the binary value without its length prefix. */
  public record Component(MultiaddrProtocol protocol, byte[] value) {
    public Component {
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Component c && c.protocol == protocol && Arrays.equals(c.value, value);
    }

    @Override
    public int hashCode() {
      return protocol.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "/" + protocol.textName() + "/" + valueToText(protocol, value);
    }
  }

  private final List<Component> components;

  private Multiaddr(List<Component> components) {
    this.components = List.copyOf(components);
  }

  public static Multiaddr of(List<Component> components) {
    if (components.isEmpty()) {
      throw new IllegalArgumentException("a multiaddr needs at least one component");
    }
    return new Multiaddr(components);
  }

  public static Multiaddr parse(String text) {
    if (!text.startsWith("/")) {
      throw new IllegalArgumentException("multiaddr must start with '/': " + text);
    }
    String[] parts = text.substring(1).split("/", -1);
    List<Component> out = new ArrayList<>();
    int i = 0;
    while (i < parts.length) {
      if (parts[i].isEmpty() && i == parts.length - 1 && i > 0) {
        break; // trailing slash
      }
      MultiaddrProtocol p = MultiaddrProtocol.byName(parts[i]);
      if (p == null) {
        throw new IllegalArgumentException("unsupported multiaddr protocol '" + parts[i] + "' in " + text);
      }
      if (i + 1 >= parts.length) {
        throw new IllegalArgumentException("multiaddr protocol /" + parts[i] + " lacks a value in " + text);
      }
      out.add(new Component(p, valueFromText(p, parts[i + 1], text)));
      i += 2;
    }
    return of(out);
  }

  public static Multiaddr fromBytes(byte[] bytes) {
    List<Component> out = new ArrayList<>();
    int offset = 0;
    while (offset < bytes.length) {
      long[] code = Varint.decode(bytes, offset);
      offset += (int) code[1];
      MultiaddrProtocol p = MultiaddrProtocol.byCode(code[0]);
      if (p == null) {
        throw new WireFormatException("unsupported multiaddr protocol code " + code[0]);
      }
      int size = p.size();
      if (size < 0) {
        long[] len = Varint.decode(bytes, offset);
        offset += (int) len[1];
        if (len[0] > bytes.length - offset) {
          throw new WireFormatException("multiaddr /" + p.textName() + " value of " + len[0] + " bytes is truncated");
        }
        size = (int) len[0];
      }
      if (offset + size > bytes.length) {
        throw new WireFormatException("multiaddr /" + p.textName() + " value is truncated");
      }
      byte[] value = Arrays.copyOfRange(bytes, offset, offset + size);
      offset += size;
      if (p == MultiaddrProtocol.P2P) {
        PeerId.fromBytes(value); // validates
      }
      out.add(new Component(p, value));
    }
    if (out.isEmpty()) {
      throw new WireFormatException("empty multiaddr");
    }
    return new Multiaddr(out);
  }

  public static Multiaddr tcp(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    MultiaddrProtocol p = ip.getAddress().length == 4 ? MultiaddrProtocol.IP4 : MultiaddrProtocol.IP6;
    return of(List.of(new Component(p, ip.getAddress()), new Component(MultiaddrProtocol.TCP, port(address.getPort()))));
  }

  public List<Component> components() {
    return components;
  }

  public byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Component c : components) {
      out.writeBytes(Varint.encode(c.protocol().code()));
      if (c.protocol().size() < 0) {
        out.writeBytes(Varint.encode(c.value.length));
      }
      out.writeBytes(c.value);
    }
    return out.toByteArray();
  }

  public Optional<PeerId> peerId() {
    for (Component c : components) {
      if (c.protocol() == MultiaddrProtocol.P2P) {
        return Optional.of(PeerId.fromBytes(c.value));
      }
    }
    return Optional.empty();
  }

  /** This address with a trailing {@code /p2p/<peer>} (replacing any existing one). */
  public Multiaddr withPeerId(PeerId peer) {
    List<Component> out = new ArrayList<>(withoutPeerId().components);
    out.add(new Component(MultiaddrProtocol.P2P, peer.bytes()));
    return new Multiaddr(out);
  }

  public Multiaddr withoutPeerId() {
    List<Component> out = new ArrayList<>();
    for (Component c : components) {
      if (c.protocol() != MultiaddrProtocol.P2P) {
        out.add(c);
      }
    }
    return new Multiaddr(out.isEmpty() ? components : out);
  }

  /**
   * The TCP endpoint: host (IP literal or DNS name) and port, from {@code /ip4|ip6|dns|dns4|dns6/../tcp/..}.
   * The result is unresolved for DNS names.
   */
  public InetSocketAddress toTcpSocketAddress() {
    if (components.size() < 2 || components.get(1).protocol() != MultiaddrProtocol.TCP) {
      throw new IllegalArgumentException("not a TCP multiaddr: " + this);
    }
    Component host = components.get(0);
    byte[] portBytes = components.get(1).value;
    int port = ((portBytes[0] & 0xFF) << 8) | (portBytes[1] & 0xFF);
    return switch (host.protocol()) {
      case IP4, IP6 -> {
        try {
          yield new InetSocketAddress(InetAddress.getByAddress(host.value), port);
        } catch (UnknownHostException e) {
          throw new IllegalArgumentException("bad IP in " + this, e);
        }
      }
      case DNS, DNS4, DNS6 -> InetSocketAddress.createUnresolved(new String(host.value, StandardCharsets.UTF_8), port);
      default -> throw new IllegalArgumentException("not a TCP multiaddr: " + this);
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr m && m.components.equals(components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append(c);
    }
    return sb.toString();
  }

  private static byte[] port(int port) {
    return new byte[] {(byte) (port >>> 8), (byte) port};
  }

  private static byte[] valueFromText(MultiaddrProtocol p, String value, String whole) {
    try {
      return switch (p) {
        case IP4 -> {
          if (!value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("bad IPv4 address '" + value + "'");
          }
          yield InetAddress.getByName(value).getAddress();
        }
        case IP6 -> {
          if (!value.contains(":")) {
            throw new IllegalArgumentException("bad IPv6 address '" + value + "'");
          }
          byte[] a = InetAddress.getByName(value).getAddress();
          if (a.length == 4) { // Java folds IPv4-mapped addresses: re-expand to 16 bytes
            byte[] b = new byte[16];
            b[10] = (byte) 0xFF;
            b[11] = (byte) 0xFF;
            System.arraycopy(a, 0, b, 12, 4);
            a = b;
          }
          yield a;
        }
        case TCP -> {
          int port = Integer.parseInt(value);
          if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TCP port out of range: " + port);
          }
          yield port(port);
        }
        case DNS, DNS4, DNS6 -> {
          if (value.isEmpty()) {
            throw new IllegalArgumentException("empty DNS name");
          }
          yield value.getBytes(StandardCharsets.UTF_8);
        }
        case P2P -> PeerId.parse(value).bytes();
      };
    } catch (UnknownHostException | NumberFormatException e) {
      throw new IllegalArgumentException("bad /" + p.textName() + " value '" + value + "' in " + whole, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad /" + p.textName() + " value in " + whole + ": " + e.getMessage(), e);
    }
  }

  /** RFC 5952 text: lower-case hex groups, the longest run (>= 2) of zero groups compressed to "::". */
  private static String ip6Text(byte[] a) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((a[2 * i] & 0xFF) << 8) | (a[2 * i + 1] & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  private static String valueToText(MultiaddrProtocol p, byte[] value) {
    return switch (p) {
      case IP4 -> (value[0] & 0xFF) + "." + (value[1] & 0xFF) + "." + (value[2] & 0xFF) + "." + (value[3] & 0xFF);
      case IP6 -> ip6Text(value);
      case TCP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
      case DNS, DNS4, DNS6 -> new String(value, StandardCharsets.UTF_8);
      case P2P -> PeerId.fromBytes(value).toBase58();
    };
  }
}
