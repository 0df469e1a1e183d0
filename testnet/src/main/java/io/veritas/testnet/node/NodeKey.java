package io.veritas.testnet.node;

import io.veritas.chain.p2p.identity.Secp256k1PrivateKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The node's libp2p identity: a secp256k1 key kept in {@code <data-dir>/node.key} (hex, owner-only), made on
 * first start, so the node's peer id survives restarts.
 */
public final class NodeKey {
  private NodeKey() {}

  public static Secp256k1PrivateKey loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve("node.key");
    if (Files.exists(file)) {
      String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
      try {
        return Secp256k1PrivateKey.fromBytes(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
      } catch (IllegalArgumentException e) {
        throw new IOException("node key file " + file + " is not a hex secp256k1 key: " + e.getMessage(), e);
      }
    }
    Secp256k1PrivateKey key = Secp256k1PrivateKey.generate(new SecureRandom());
    Files.createDirectories(dataDir);
    Path tmp = dataDir.resolve("node.key.tmp");
    Files.writeString(tmp, HexFormat.of().formatHex(key.raw()) + "\n", StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the folder's ACL.
    }
    Files.move(tmp, file);
    return key;
  }
}
