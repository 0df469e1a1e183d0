package io.veritas.chain.p2p.multiaddr;

/** The multiaddr protocols this library understands, with their multicodec codes and value sizes. */
public enum MultiaddrProtocol {
  IP4(4, "ip4", 4),
  TCP(6, "tcp", 2),
  DNS(53, "dns", -1),
  DNS4(54, "dns4", -1),
  DNS6(55, "dns6", -1),
  IP6(41, "ip6", 16),
  P2P(421, "p2p", -1);

  private final int code;
  private final String textName;
  /** Fixed value size in bytes, or -1 for a varint-length-prefixed value. */
  private final int size;

  MultiaddrProtocol(int code, String textName, int size) {
    this.code = code;
    this.textName = textName;
    this.size = size;
  }

  public int code() {
    return code;
  }

  public String textName() {
    return textName;
  }

  int size() {
    return size;
  }

  static MultiaddrProtocol byCode(long code) {
    for (MultiaddrProtocol p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    return null;
  }

  static MultiaddrProtocol byName(String name) {
    if (name.equals("ipfs")) {
      return P2P; // the pre-2019 name of /p2p, still accepted by every implementation
    }
    for (MultiaddrProtocol p : values()) {
      if (p.textName.equals(name)) {
        return p;
      }
    }
    return null;
  }
}
