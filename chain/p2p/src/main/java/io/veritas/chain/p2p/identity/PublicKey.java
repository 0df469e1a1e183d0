package io.veritas.chain.p2p.identity;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import java.io.IOException;

/** A libp2p public identity key (peer-ids spec): secp256k1 or Ed25519. */
public sealed interface PublicKey permits Secp256k1PublicKey, Ed25519PublicKey {
  KeyType type();

  /** The key's "Data" bytes of the spec: compressed point for secp256k1, 32 bytes for Ed25519. */
  byte[] raw();

  /** Verifies {@code signature} over {@code data} with the scheme the peer-ids spec fixes for this key type. */
  boolean verify(byte[] data, byte[] signature);

  /** The deterministic protobuf {@code PublicKey {Type = 1; Data = 2}} encoding. */
  default byte[] protobuf() {
    return KeyProtobuf.encode(type(), raw());
  }

  static PublicKey fromProtobuf(byte[] bytes) {
    KeyProtobuf.Decoded d = KeyProtobuf.decode(bytes);
    return of(d.type(), d.data());
  }

  static PublicKey of(KeyType type, byte[] raw) {
    return switch (type) {
      case SECP256K1 -> Secp256k1PublicKey.fromBytes(raw);
      case ED25519 -> Ed25519PublicKey.fromBytes(raw);
      default -> throw new InvalidKeyException("unsupported public key type " + type);
    };
  }

  /** Encoding of the two-field key message shared by PublicKey and PrivateKey. */
  final class KeyProtobuf {
    private KeyProtobuf() {}

    record Decoded(KeyType type, byte[] data) {}

    static byte[] encode(KeyType type, byte[] data) {
      try {
        byte[] out = new byte[CodedOutputStream.computeEnumSize(1, type.number())
            + CodedOutputStream.computeByteArraySize(2, data)];
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        cos.writeEnum(1, type.number());
        cos.writeByteArray(2, data);
        cos.checkNoSpaceLeft();
        return out;
      } catch (IOException e) {
        throw new IllegalStateException("protobuf encoding into a sized array failed", e);
      }
    }

    static Decoded decode(byte[] bytes) {
      try {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        KeyType type = null;
        byte[] data = null;
        while (true) {
          int tag = in.readTag();
          if (tag == 0) {
            break;
          }
          switch (tag) {
            case 8 -> type = KeyType.fromNumber(in.readEnum());
            case 18 -> data = in.readByteArray();
            default -> in.skipField(tag);
          }
        }
        if (type == null || data == null) {
          throw new InvalidKeyException("key protobuf lacks the required " + (type == null ? "Type" : "Data") + " field");
        }
        return new Decoded(type, data);
      } catch (IOException e) {
        throw new InvalidKeyException("malformed key protobuf: " + e.getMessage(), e);
      }
    }
  }
}
