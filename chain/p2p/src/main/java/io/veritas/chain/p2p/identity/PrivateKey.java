package io.veritas.chain.p2p.identity;

import java.security.SecureRandom;

/** A libp2p private identity key: signs handshake payloads, gossip messages and peer records. */
public sealed interface PrivateKey permits Secp256k1PrivateKey, Ed25519PrivateKey {
  KeyType type();

  PublicKey publicKey();

  byte[] sign(byte[] data);

  /** The key's "Data" bytes: 32-byte scalar for secp256k1, seed ‖ public key (64 bytes) for Ed25519. */
  byte[] raw();

  default byte[] protobuf() {
    return PublicKey.KeyProtobuf.encode(type(), raw());
  }

  default PeerId peerId() {
    return PeerId.fromPublicKey(publicKey());
  }

  static PrivateKey generate(KeyType type, SecureRandom random) {
    return switch (type) {
      case SECP256K1 -> Secp256k1PrivateKey.generate(random);
      case ED25519 -> Ed25519PrivateKey.generate(random);
      default -> throw new IllegalArgumentException("cannot generate " + type + " keys");
    };
  }

  static PrivateKey fromProtobuf(byte[] bytes) {
    PublicKey.KeyProtobuf.Decoded d = PublicKey.KeyProtobuf.decode(bytes);
    return switch (d.type()) {
      case SECP256K1 -> Secp256k1PrivateKey.fromBytes(d.data());
      case ED25519 -> Ed25519PrivateKey.fromBytes(d.data());
      default -> throw new InvalidKeyException("unsupported private key type " + d.type());
    };
  }
}
