package io.veritas.chain.p2p.identity;

/** The libp2p {@code KeyType} enum of the peer-ids spec; the numbers are the protobuf values. */
public enum KeyType {
  RSA(0),
  ED25519(1),
  SECP256K1(2),
  ECDSA(3);

  private final int number;

  KeyType(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  public static KeyType fromNumber(long number) {
    for (KeyType t : values()) {
      if (t.number == number) {
        return t;
      }
    }
    throw new InvalidKeyException("unknown libp2p key type " + number);
  }
}
