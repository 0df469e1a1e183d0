package io.veritas.testnet.consensus;

import io.veritas.chain.crypto.KeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.tuweni.bytes.Bytes32;

/** A validator's secp256k1 secret key in a file: 64 hex digits (0x optional), owner-only permissions. */
public final class ValidatorKeyFile {
  private ValidatorKeyFile() {}

  public static KeyPair read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    String hex = text.startsWith("0x") ? text.substring(2) : text;
    if (!hex.matches("[0-9a-fA-F]{64}")) {
      throw new IOException("validator key file " + file + " must hold a 32-byte secp256k1 secret as 64 hex digits");
    }
    Bytes32 secret = Bytes32.fromHexString(hex);
    if (!KeyPair.isValidSecret(secret)) {
      throw new IOException("validator key file " + file + " holds 0 or a value not below the curve order");
    }
    return KeyPair.fromSecret(secret);
  }

  public static void write(Path file, KeyPair key) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, key.secretKey().toUnprefixedHexString() + "\n", StandardCharsets.US_ASCII);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the folder's ACL.
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
